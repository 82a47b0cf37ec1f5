using System.Text.Json;
using Codewalkers.Cli.Core;
using Codewalkers.Cli.Tests.Infrastructure;

namespace Codewalkers.Cli.Tests;

/// <summary>An initiative's verify command in the CLI: set on create, changed or cleared on update, shown by get.</summary>
public class InitiativeVerifyCommandTests
{
    private const string Initiative = """
        {"id":"i1","name":"Login page","status":"active","branch":"cw/login-page","branchLocked":false,
         "executionMode":"review_per_phase","qualityReview":false,"projectIds":["p1"],"rootPageId":"pg1",
         "createdAt":"2026-12-01T10:00:00Z","updatedAt":"2026-12-01T10:00:00Z","version":1,"executionStartedAt":null,
         "providers":[],"verifyCommand":"make check"}
        """;

    [Fact]
    public async Task Create_sends_the_verify_command()
    {
        var api = new ScriptedApi().On("POST /api/initiatives", 201, Initiative);

        var run = await Cw.RunAsync(api, "initiative create Login --verify \"make check\"");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var body = JsonDocument.Parse(api.Requests.Last().Body!).RootElement;
        Assert.Equal("make check", body.GetProperty("verifyCommand").GetString());
    }

    [Theory]
    [InlineData("--verify \"dotnet test\"", "dotnet test")]
    [InlineData("--verify \"\"", "")]
    public async Task Update_patches_only_the_verify_command(string flag, string sent)
    {
        var api = new ScriptedApi().On("PATCH /api/initiatives/i1", 200, Initiative);

        var run = await Cw.RunAsync(api, $"initiative update i1 {flag}");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var body = JsonDocument.Parse(api.Requests.Last().Body!).RootElement;
        Assert.Equal(sent, body.GetProperty("verifyCommand").GetString());
        Assert.False(body.TryGetProperty("name", out _));
        Assert.Contains("Initiative Login page updated.", run.Out);
    }

    [Theory]
    [InlineData("\"make check\"", "make check")]
    [InlineData("null", "each project's own")]
    public async Task Get_shows_the_verify_command_or_that_each_projects_own_applies(string command, string shown)
    {
        var api = new ScriptedApi().On("GET /api/initiatives/i1", 200,
            Initiative.Replace("\"verifyCommand\":\"make check\"", $"\"verifyCommand\":{command}"));

        var run = await Cw.RunAsync(api, "initiative get i1");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains(run.Out.Split('\n'), l => l.Contains("VERIFY") && l.Contains(shown));
    }
}

using System.Text.Json;
using Codewalkers.Cli.Core;
using Codewalkers.Cli.Tests.Infrastructure;

namespace Codewalkers.Cli.Tests;

/// <summary>"Verified done" in the CLI: a project's verify command and time limit, an agent's last check.</summary>
public class VerifyCommandTests
{
    private const string Project = """
        {"id":"p1","name":"my-app","url":"/src/my-app","defaultBranch":"main","verifyCommand":"npm test",
         "verifyTimeoutSeconds":900,"createdAt":"2026-12-01T10:00:00Z","updatedAt":"2026-12-01T10:00:00Z"}
        """;

    [Fact]
    public async Task Add_sends_the_verify_command_and_its_time_limit()
    {
        var directory = Directory.CreateTempSubdirectory("cw-verify-").FullName;
        var api = new ScriptedApi().On("POST /api/projects", 201, Project);

        var run = await Cw.RunAsync(api, $"project add {directory} --verify \"npm test\" --verify-timeout 900");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var body = JsonDocument.Parse(api.Requests.Single().Body!).RootElement;
        Assert.Equal(("npm test", 900),
            (body.GetProperty("verifyCommand").GetString(), body.GetProperty("verifyTimeoutSeconds").GetInt32()));
    }

    [Fact]
    public async Task Update_patches_only_what_it_is_given_and_get_shows_the_check()
    {
        var api = new ScriptedApi()
            .On("GET /api/projects", 200, $"[{Project}]")
            .On("PATCH /api/projects/p1", 200, Project);

        var run = await Cw.RunAsync(api, "project update my-app --verify \"dotnet test\"");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var body = JsonDocument.Parse(api.Requests.Last().Body!).RootElement;
        Assert.Equal("dotnet test", body.GetProperty("verifyCommand").GetString());
        Assert.True(body.GetProperty("verifyTimeoutSeconds").ValueKind == JsonValueKind.Null);
        Assert.True(body.GetProperty("name").ValueKind == JsonValueKind.Null);
        Assert.Contains("Project my-app updated.", run.Out);

        var get = await Cw.RunAsync(api, "project get my-app");
        Assert.Contains("npm test", get.Out);
        Assert.Contains("900", get.Out);
    }

    [Fact]
    public async Task Agent_get_shows_the_last_verification_and_the_end_of_a_failed_ones_output()
    {
        const string agent = """
            {"id":"a1","name":"brave-otter","status":"stopped","statusReason":"verification_failed","mode":"execute",
             "provider":"claude","sessionNumber":3,"createdAt":"2026-12-01T10:00:00Z","updatedAt":"2026-12-01T10:05:00Z",
             "lastVerification":{"id":3,"sessionNumber":3,"project":"my-app","command":"npm test","exitCode":1,
               "timedOut":false,"passed":false,"durationMs":1200,"outputTail":"FAIL parser.test.js: expected 2, got 3",
               "at":"2026-12-01T10:05:00Z"}}
            """;
        var api = new ScriptedApi().On("GET /api/agents/a1", 200, agent);

        var run = await Cw.RunAsync(api, "agent get a1");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("FAILED (exit 1): npm test", run.Out);
        Assert.Contains("expected 2, got 3", run.Out);
    }
}

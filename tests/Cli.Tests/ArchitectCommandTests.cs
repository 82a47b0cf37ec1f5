using System.Text.Json;
using Codewalkers.Cli.Core;
using Codewalkers.Cli.Tests.Infrastructure;

namespace Codewalkers.Cli.Tests;

public class ArchitectCommandTests
{
    private static string Assignment(string mode, string status, string? error = null) => $$"""
        {"id":"as1","kind":"architect","mode":"{{mode}}","initiativeId":"i1","phaseId":null,"taskId":null,
         "agentId":"a1","agentName":"plan-brave-owl","status":"{{status}}",
         "error":{{(error is null ? "null" : JsonSerializer.Serialize(error))}},
         "createdAt":"2026-12-01T10:00:00Z","finishedAt":null}
        """;

    [Theory]
    [InlineData("discuss")]
    [InlineData("plan")]
    [InlineData("refine")]
    public async Task A_mode_on_an_initiative_posts_its_start_with_the_context(string mode)
    {
        var api = new ScriptedApi().On($"POST /api/initiatives/i1/{mode}", 202, Assignment(mode, "requested"));

        var run = await Cw.RunAsync(api, $"architect {mode} i1 --context \"Keep it small\"");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal("""{"instructions":"Keep it small"}""", api.Requests.Single().Body);
        Assert.Contains("architect asked for (assignment as1). How it goes: cw initiative assignments", run.Out);
    }

    [Fact]
    public async Task Detail_starts_on_a_phase_with_a_provider()
    {
        var api = new ScriptedApi().On("POST /api/phases/ph1/detail", 202, Assignment("detail", "requested"));

        var run = await Cw.RunAsync(api, "architect detail ph1 --provider codex");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal("""{"provider":"codex"}""", api.Requests.Single().Body);
    }

    [Fact]
    public async Task Wait_follows_the_assignment_until_it_finishes()
    {
        var looks = 0;
        var api = new ScriptedApi().On("POST /api/initiatives/i1/plan", 202, Assignment("plan", "requested"))
            .On("GET /api/initiatives/i1/assignments?take=500", _ => (200,
                $$"""{"items":[{{Assignment("plan", ++looks < 2 ? "running" : "finished")}}],"total":1}"""));

        var run = await Cw.RunAsync(api, "architect plan i1 --wait");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal(2, looks);
        Assert.Contains("Plan architect finished", run.Out);
    }

    [Fact]
    public async Task Wait_exits_1_with_the_error_of_a_failed_agent()
    {
        var api = new ScriptedApi().On("POST /api/initiatives/i1/plan", 202, Assignment("plan", "requested"))
            .On("GET /api/initiatives/i1/assignments?take=500", 200,
                $$"""{"items":[{{Assignment("plan", "failed", "No account for claude")}}],"total":1}""");

        var run = await Cw.RunAsync(api, "architect plan i1 --wait");

        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        Assert.StartsWith("cw: Plan architect failed: No account for claude", run.Error);
    }

    [Fact]
    public async Task An_unknown_initiative_exits_not_found()
    {
        var api = new ScriptedApi().On("POST /api/initiatives/nope/plan", 404,
            """{"title":"Not found","detail":"Initiative 'nope' does not exist.","status":404}""");

        var run = await Cw.RunAsync(api, "architect plan nope");

        Assert.Equal(ExitCodes.NotFound, run.ExitCode);
        Assert.Contains("Initiative 'nope' does not exist.", run.Error);
    }

    [Fact]
    public async Task An_initiative_without_project_is_refused_with_the_usage_code()
    {
        var api = new ScriptedApi().On("POST /api/initiatives/i1/plan", 400,
            """
            {"title":"One or more validation errors occurred.","status":400,
             "errors":{"projects":["Link a project first."]}}
            """);

        var run = await Cw.RunAsync(api, "architect plan i1");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("Link a project first.", run.Error);
    }
}

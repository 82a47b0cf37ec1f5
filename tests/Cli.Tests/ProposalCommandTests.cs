using System.Text.Json;
using Codewalkers.Cli.Core;
using Codewalkers.Cli.Tests.Infrastructure;

namespace Codewalkers.Cli.Tests;

public class ProposalCommandTests
{
    private static string Proposal(string id, string agent, string type, string? targetId = null,
        string status = "pending", string? action = null) => $$"""
        {"id":"{{id}}","initiativeId":"i1","agentId":"{{agent}}","targetType":"{{type}}",
         "targetId":{{(targetId is null ? "null" : $"\"{targetId}\"")}},"title":"Title {{id}}","summary":null,
         "content":"...","metadata":{{(action is null ? "null" : $$"""{"action":"{{action}}"}""")}},
         "status":"{{status}}","sortOrder":0,"appliedEntityId":null,"changeSetId":null,
         "createdAt":"2026-12-01T10:00:00Z","updatedAt":"2026-12-01T10:00:00Z","version":1}
        """;

    private static string Paged(params string[] items) =>
        $$"""{"items":[{{string.Join(",", items)}}],"total":{{items.Length}},"skip":0,"take":500}""";

    [Fact]
    public async Task List_shows_what_each_proposal_would_do()
    {
        var api = new ScriptedApi().On("GET /api/proposals?initiativeId=i1&status=pending&take=500", 200,
            Paged(Proposal("pr1", "a1", "phase"), Proposal("pr2", "a1", "page", "pg1"),
                Proposal("pr3", "a1", "task", "t1", action: "delete")));

        var run = await Cw.RunAsync(api, "proposal list --initiative i1 --status pending");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("create phase", run.Out);
        Assert.Contains("update page", run.Out);
        Assert.Contains("delete task", run.Out);
    }

    [Fact]
    public async Task Accept_applies_one_proposal()
    {
        var api = new ScriptedApi().On("POST /api/proposals/pr1/accept", 200,
            $$"""{"proposals":[{{Proposal("pr1", "a1", "phase", status: "accepted")}}],"changeSetId":"cs1"}""");

        var run = await Cw.RunAsync(api, "proposal accept pr1");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("Accepted: create phase Title pr1", run.Out);
    }

    [Fact]
    public async Task Accepting_a_proposal_that_waits_for_another_is_a_conflict()
    {
        var api = new ScriptedApi().On("POST /api/proposals/pr2/accept", 409,
            """{"title":"Pending dependency","detail":"Accept proposal 'pr1' first.","status":409}""");

        var run = await Cw.RunAsync(api, "proposal accept pr2");

        Assert.Equal(ExitCodes.Conflict, run.ExitCode);
        Assert.Contains("Accept proposal 'pr1' first.", run.Error);
    }

    [Fact]
    public async Task Dismiss_posts_the_dismissal()
    {
        var api = new ScriptedApi().On("POST /api/proposals/pr1/dismiss", 200,
            Proposal("pr1", "a1", "phase", status: "dismissed"));

        var run = await Cw.RunAsync(api, "proposal dismiss pr1");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("Dismissed: Title pr1.", run.Out);
    }

    [Fact]
    public async Task Accept_all_asks_once_per_agent_with_pending_proposals()
    {
        var api = new ScriptedApi()
            .On("GET /api/proposals?initiativeId=i1&status=pending&skip=0&take=500", 200,
                Paged(Proposal("pr1", "a1", "phase"), Proposal("pr2", "a2", "task"), Proposal("pr3", "a1", "phase")))
            .On("POST /api/proposals/accept-all", request =>
            {
                var agent = JsonDocument.Parse(request.Content!.ReadAsStringAsync().Result).RootElement
                    .GetProperty("agentId").GetString();
                var accepted = Proposal("x", agent!, "phase", status: "accepted");
                return (200, $$"""[{"proposals":[{{accepted}}],"changeSetId":"cs-{{agent}}"}]""");
            });

        var run = await Cw.RunAsync(api, "proposal accept-all --initiative i1");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var asked = api.Requests.Where(r => r.Request == "POST /api/proposals/accept-all").Select(r => r.Body).ToList();
        Assert.Equal(["""{"agentId":"a1","initiativeId":"i1"}""", """{"agentId":"a2","initiativeId":"i1"}"""], asked);
        Assert.Contains("Accepted 2 proposal(s) in 2 change set(s): cs-a1, cs-a2.", run.Out);
    }

    [Fact]
    public async Task Accept_all_with_nothing_pending_says_so()
    {
        var api = new ScriptedApi().On("GET /api/proposals?initiativeId=i1&status=pending&skip=0&take=500", 200,
            Paged());

        var run = await Cw.RunAsync(api, "proposal accept-all --initiative i1");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("No pending proposals.", run.Out);
        Assert.DoesNotContain(api.Requests, r => r.Request.StartsWith("POST", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Accept_all_needs_the_initiative()
    {
        var run = await Cw.RunAsync(new ScriptedApi(), "proposal accept-all");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
    }
}

using System.Text.Json;
using Codewalkers.Cli.Core;
using Codewalkers.Cli.Tests.Infrastructure;

namespace Codewalkers.Cli.Tests;

public class PhaseCommandTests
{
    private static string Phase(string id, string name, string status, params string[] dependsOn) => $$"""
        {"id":"{{id}}","initiativeId":"i1","name":"{{name}}","content":null,"status":"{{status}}","mergeBase":null,
         "blockedReason":null,"dependsOn":{{JsonSerializer.Serialize(dependsOn)}},"createdAt":"2026-12-01T10:00:00Z",
         "updatedAt":"2026-12-01T10:00:00Z","version":1,"branch":null}
        """;

    private static string Paged(params string[] items) =>
        $$"""{"items":[{{string.Join(",", items)}}],"total":{{items.Length}},"skip":0,"take":500}""";

    [Fact]
    public async Task Approve_posts_the_approve_transition()
    {
        var api = new ScriptedApi().On("POST /api/phases/ph1/approve", 200, Phase("ph1", "Backend", "approved"));

        var run = await Cw.RunAsync(api, "phase approve ph1");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("Phase Backend approved (ph1).", run.Out);
    }

    [Fact]
    public async Task Approve_initiative_approves_every_pending_phase()
    {
        var api = new ScriptedApi()
            .On("GET /api/phases?initiativeId=i1&status=pending&take=500", 200,
                Paged(Phase("ph1", "Backend", "pending"), Phase("ph2", "Frontend", "pending")))
            .On("POST /api/phases/ph1/approve", 200, Phase("ph1", "Backend", "approved"))
            .On("POST /api/phases/ph2/approve", 200, Phase("ph2", "Frontend", "approved"));

        var run = await Cw.RunAsync(api, "phase approve --initiative i1 --json");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal(2, JsonDocument.Parse(run.Out).RootElement.GetArrayLength());
    }

    [Fact]
    public async Task Approve_needs_ids_or_the_initiative_but_not_both()
    {
        Assert.Equal(ExitCodes.Usage, (await Cw.RunAsync(null, "phase approve")).ExitCode);
        Assert.Equal(ExitCodes.Usage, (await Cw.RunAsync(null, "phase approve ph1 --initiative i1")).ExitCode);
    }

    [Fact]
    public async Task Approving_a_phase_twice_is_a_conflict()
    {
        var api = new ScriptedApi().On("POST /api/phases/ph1/approve", 409,
            """
            {"title":"Impossible transition","detail":"Cannot approve phase 'Backend': it is approved.","status":409}
            """);

        var run = await Cw.RunAsync(api, "phase approve ph1");

        Assert.Equal(ExitCodes.Conflict, run.ExitCode);
        Assert.Contains("Cannot approve phase 'Backend'", run.Error);
    }

    [Fact]
    public async Task Deps_without_flags_lists_the_dependencies_by_name()
    {
        var api = new ScriptedApi()
            .On("GET /api/phases/ph2", 200, Phase("ph2", "Frontend", "pending", "ph1"))
            .On("GET /api/phases?initiativeId=i1&take=500", 200,
                Paged(Phase("ph1", "Backend", "approved"), Phase("ph2", "Frontend", "pending", "ph1")));

        var run = await Cw.RunAsync(api, "phase deps ph2");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("Backend", run.Out);
        Assert.DoesNotContain("Frontend", run.Out);
    }

    [Fact]
    public async Task Deps_add_and_remove_send_the_dependency_requests()
    {
        var api = new ScriptedApi()
            .On("POST /api/phases/ph3/dependencies", 200, Phase("ph3", "Docs", "pending", "ph1", "ph2"))
            .On("DELETE /api/phases/ph3/dependencies/ph0", 200, Phase("ph3", "Docs", "pending", "ph1", "ph2"));

        var run = await Cw.RunAsync(api, "phase deps ph3 --add ph1 ph2 --remove ph0 --json");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var add = api.Requests.First();
        Assert.Equal("""{"dependsOn":["ph1","ph2"]}""", add.Body);
        Assert.Equal("DELETE /api/phases/ph3/dependencies/ph0", api.Requests[1].Request);
    }

    [Fact]
    public async Task A_dependency_cycle_is_a_conflict()
    {
        var api = new ScriptedApi().On("POST /api/phases/ph1/dependencies", 409,
            """{"title":"Dependency cycle","detail":"ph1 -> ph2 -> ph1","status":409}""");

        var run = await Cw.RunAsync(api, "phase deps ph1 --add ph2");

        Assert.Equal(ExitCodes.Conflict, run.ExitCode);
        Assert.Contains("Dependency cycle: ph1 -> ph2 -> ph1", run.Error);
    }

    [Fact]
    public async Task Review_approve_says_whether_the_phase_is_merging_or_completed()
    {
        var api = new ScriptedApi().On("POST /api/phases/ph1/review/approve", 200,
            $$"""{"phase":{{Phase("ph1", "Backend", "pending_review")}},"merges":[]}""");

        var run = await Cw.RunAsync(api, "phase review approve ph1");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("Phase Backend approved: merging it into the initiative branch.", run.Out);
    }

    [Fact]
    public async Task Request_changes_sends_the_feedback()
    {
        var api = new ScriptedApi().On("POST /api/phases/ph1/review/request-changes", 200,
            """{"id":"t9","name":"Review feedback","status":"pending"}""");

        var run = await Cw.RunAsync(api, "phase review request-changes ph1 --feedback \"Use the new API\"");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal("""{"feedback":"Use the new API"}""", api.Requests.Single().Body);
        Assert.Contains("review task t9", run.Out);
    }

    [Fact]
    public async Task Request_changes_without_feedback_leaves_it_to_the_open_review_comments()
    {
        var api = new ScriptedApi().On("POST /api/phases/ph1/review/request-changes", 200,
            """{"id":"t9","name":"Review feedback","status":"pending"}""");

        var run = await Cw.RunAsync(api, "phase review request-changes ph1");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal("{}", api.Requests.Single().Body);
    }

    [Fact]
    public async Task Diff_prints_the_patch_as_is()
    {
        const string Patch = "diff --git a/x.txt b/x.txt\n--- a/x.txt\n+++ b/x.txt\n@@ -1 +1 @@\n-a\n+b\n";
        var api = new ScriptedApi().On("GET /api/phases/ph1/diff", 200, $$$"""
            [{"projectId":"p1","projectName":"my-app","base":"abc","head":"cw/x-phase-backend",
              "changes":{"base":"abc","head":"cw/x-phase-backend","mergeBase":"abc",
                         "files":[{"status":"M","path":"x.txt"}],"patch":{{{JsonSerializer.Serialize(Patch)}}}}}]
            """);

        var run = await Cw.RunAsync(api, "phase diff ph1");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal(Patch, run.Out);
    }

    [Fact]
    public async Task Diff_of_a_phase_without_work_is_a_conflict()
    {
        var api = new ScriptedApi().On("GET /api/phases/ph1/diff?projectId=p1", 409,
            """
            {"title":"Not started","detail":"Phase 'Backend' has not started: it has no branch yet.","status":409}
            """);

        var run = await Cw.RunAsync(api, "phase diff ph1 --project p1");

        Assert.Equal(ExitCodes.Conflict, run.ExitCode);
        Assert.Contains("has no branch yet", run.Error);
    }
}

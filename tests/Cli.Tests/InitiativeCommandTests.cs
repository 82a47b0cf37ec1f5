using System.Text.Json;
using Codewalkers.Cli.Core;
using Codewalkers.Cli.Tests.Infrastructure;

namespace Codewalkers.Cli.Tests;

public class InitiativeCommandTests
{
    private const string Initiative = """
        {"id":"i1","name":"Login page","status":"active","branch":"cw/login-page","branchLocked":false,
         "executionMode":"review_per_phase","qualityReview":false,"projectIds":["p1"],"rootPageId":"pg1",
         "createdAt":"2026-12-01T10:00:00Z","updatedAt":"2026-12-01T10:00:00Z","version":1,"executionStartedAt":null}
        """;

    private const string Projects = """
        [{"id":"p1","name":"my-app","url":"/src/my-app","defaultBranch":"main"},
         {"id":"p2","name":"api","url":"/src/api","defaultBranch":"main"}]
        """;

    internal const string Tree = """
        {"initiativeId":"i1","name":"Login page","status":"active",
         "phases":[{"id":"ph1","name":"Backend","status":"in_progress","createdAt":"2026-12-01T10:00:00Z","version":3},
                   {"id":"ph2","name":"Frontend","status":"approved","createdAt":"2026-12-01T10:01:00Z","version":2}],
         "tasks":[{"id":"t1","phaseId":"ph1","parentTaskId":null,"name":"Add endpoint","category":"execute",
                   "priority":"medium","status":"completed","order":0,"retryCount":0,"version":4},
                  {"id":"t2","phaseId":"ph1","parentTaskId":"t1","name":"Write tests","category":"execute",
                   "priority":"medium","status":"in_progress","order":0,"retryCount":0,"version":2},
                  {"id":"t3","phaseId":"ph2","parentTaskId":null,"name":"Login form","category":"execute",
                   "priority":"high","status":"pending","order":0,"retryCount":0,"version":1}],
         "phaseDependencies":[{"from":"ph2","to":"ph1"}],"taskDependencies":[]}
        """;

    [Fact]
    public async Task Create_resolves_projects_by_name_and_sends_only_the_given_fields()
    {
        var api = new ScriptedApi().On("GET /api/projects", 200, Projects).On("POST /api/initiatives", 201, Initiative);

        var run = await Cw.RunAsync(api, "initiative create \"Login page\" --project my-app p2 --yolo");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var body = JsonDocument.Parse(api.Requests.Last().Body!).RootElement;
        Assert.Equal("Login page", body.GetProperty("name").GetString());
        Assert.Equal(["p1", "p2"], body.GetProperty("projectIds").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal("yolo", body.GetProperty("executionMode").GetString());
        Assert.False(body.TryGetProperty("branch", out _));
        Assert.False(body.TryGetProperty("qualityReview", out _));
        Assert.Contains("Initiative Login page created: i1", run.Out);
    }

    [Fact]
    public async Task Create_sends_the_providers_in_the_order_given()
    {
        var api = new ScriptedApi().On("POST /api/initiatives", 201, Initiative);

        var run = await Cw.RunAsync(api, "initiative create Login --provider codex --provider claude");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var body = JsonDocument.Parse(api.Requests.Last().Body!).RootElement;
        Assert.Equal(["codex", "claude"], body.GetProperty("providers").EnumerateArray().Select(p => p.GetString()));
    }

    [Fact]
    public async Task Create_without_a_provider_sends_none_so_the_default_applies()
    {
        var api = new ScriptedApi().On("POST /api/initiatives", 201, Initiative);

        await Cw.RunAsync(api, "initiative create Login");

        Assert.False(JsonDocument.Parse(api.Requests.Last().Body!).RootElement.TryGetProperty("providers", out _));
    }

    [Theory]
    [InlineData("[\"codex\",\"claude\"]", "codex, claude")]
    [InlineData("[]", "default")]
    public async Task Get_shows_the_providers_in_order_or_default(string providers, string shown)
    {
        var api = new ScriptedApi().On("GET /api/initiatives/i1", 200,
            Initiative.TrimEnd().TrimEnd('}') + $",\"providers\":{providers}}}");

        var run = await Cw.RunAsync(api, "initiative get i1");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains(run.Out.Split('\n'), l => l.Contains("PROVIDERS") && l.Contains(shown));
    }

    [Fact]
    public async Task Create_with_an_unknown_project_sends_nothing_and_exits_not_found()
    {
        var api = new ScriptedApi().On("GET /api/projects", 200, Projects);

        var run = await Cw.RunAsync(api, "initiative create x --project nope");

        Assert.Equal(ExitCodes.NotFound, run.ExitCode);
        Assert.DoesNotContain(api.Requests, r => r.Request.StartsWith("POST", StringComparison.Ordinal));
    }

    [Fact]
    public async Task List_filters_by_status_and_prints_the_items_as_a_table()
    {
        var api = new ScriptedApi().On("GET /api/initiatives?status=active", 200,
            $$"""{"items":[{{Initiative}}],"total":1,"skip":0,"take":100}""");

        var run = await Cw.RunAsync(api, "initiative list --status active");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("Login page", run.Out);
        Assert.Contains("review_per_phase", run.Out);
    }

    [Fact]
    public async Task List_json_is_the_paged_answer_unchanged()
    {
        var api = new ScriptedApi().On("GET /api/initiatives", 200,
            $$"""{"items":[{{Initiative}}],"total":1,"skip":0,"take":100}""");

        var run = await Cw.RunAsync(api, "initiative list --json");

        var answer = JsonDocument.Parse(run.Out).RootElement;
        Assert.Equal(1, answer.GetProperty("total").GetInt32());
        Assert.Equal("cw/login-page", answer.GetProperty("items")[0].GetProperty("branch").GetString());
    }

    [Fact]
    public async Task An_unknown_status_is_a_usage_error_naming_the_allowed_ones()
    {
        var run = await Cw.RunAsync(new ScriptedApi(), "initiative list --status done");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("pending_review", run.Error);
    }

    [Fact]
    public async Task Get_of_an_unknown_initiative_prints_the_problem_in_one_line_and_exits_not_found()
    {
        var api = new ScriptedApi().On("GET /api/initiatives/nope", 404,
            """{"title":"Not found","detail":"Initiative 'nope' does not exist.","status":404}""");

        var run = await Cw.RunAsync(api, "initiative get nope");

        Assert.Equal(ExitCodes.NotFound, run.ExitCode);
        Assert.Equal("cw: Not found: Initiative 'nope' does not exist.", run.Error.Trim());
    }

    [Fact]
    public async Task Tree_shows_phases_with_their_tasks_subtasks_and_statuses()
    {
        var api = new ScriptedApi().On("GET /api/initiatives/i1/tree", 200, Tree);

        var run = await Cw.RunAsync(api, "initiative tree i1");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var lines = run.Out.Split('\n');
        Assert.Contains(lines, l => l.Contains("Backend in_progress") && l.Contains("1/2 done"));
        Assert.Contains(lines, l => l.Contains("Frontend approved") && l.Contains("after Backend"));
        var parent = Array.FindIndex(lines, l => l.Contains("Add endpoint completed"));
        var child = Array.FindIndex(lines, l => l.Contains("Write tests in_progress"));
        Assert.True(parent >= 0 && child > parent);
        Assert.True(lines[child].IndexOf("Write", StringComparison.Ordinal)
            > lines[parent].IndexOf("Add", StringComparison.Ordinal), "a subtask is indented under its parent");
    }

    [Fact]
    public async Task Execute_that_conflicts_exits_with_the_conflict_code()
    {
        var api = new ScriptedApi().On("POST /api/initiatives/i1/execute", 409,
            """{"title":"Nothing approved","detail":"Initiative 'Login page' has no approved phase.","status":409}""");

        var run = await Cw.RunAsync(api, "initiative execute i1");

        Assert.Equal(ExitCodes.Conflict, run.ExitCode);
        Assert.Contains("Nothing approved: Initiative 'Login page' has no approved phase.", run.Error);
    }

    [Fact]
    public async Task Execute_without_watch_says_how_to_follow_it()
    {
        var api = new ScriptedApi().On("POST /api/initiatives/i1/execute", 202,
            """{"initiativeId":"i1","executionStartedAt":"2026-12-01T10:00:00Z","integrationPhaseId":null}""");

        var run = await Cw.RunAsync(api, "initiative execute i1");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("cw initiative execute i1 --watch", run.Out);
    }

    [Fact]
    public async Task Approve_can_push_the_branch_only_and_lists_the_merges_asked()
    {
        var api = new ScriptedApi().On("POST /api/initiatives/i1/approve", 202, """
            [{"id":"m1","kind":"initiative_push","phaseId":null,"taskId":null,"projectId":"p1",
              "sourceBranch":"cw/login-page","targetBranch":"cw/login-page","status":"requested","mergeBase":null,
              "error":null,"createdAt":"2026-12-01T10:00:00Z","finishedAt":null}]
            """);

        var run = await Cw.RunAsync(api, "initiative approve i1 --push-branch-only");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.True(JsonDocument.Parse(api.Requests.Single().Body!).RootElement.GetProperty("pushBranchOnly")
            .GetBoolean());
        Assert.Contains("initiative_push", run.Out);
    }

    [Fact]
    public async Task Approve_wait_exits_1_when_a_merge_failed()
    {
        const string Asked = """[{"id":"m1","kind":"initiative_into_default","projectId":"p1","status":"requested"}]""";
        var api = new ScriptedApi().On("POST /api/initiatives/i1/approve", 202, Asked)
            .On("GET /api/initiatives/i1/merges", 200,
                """
                [{"id":"m1","kind":"initiative_into_default","projectId":"p1","status":"failed","error":"push refused"}]
                """);

        var run = await Cw.RunAsync(api, "initiative approve i1 --wait");

        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        Assert.Contains("push refused", run.Out);
    }

    [Fact]
    public async Task Archive_posts_the_transition()
    {
        var api = new ScriptedApi().On("POST /api/initiatives/i1/archive", 200, Initiative);

        var run = await Cw.RunAsync(api, "initiative archive i1");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("Initiative Login page archived.", run.Out);
    }
}

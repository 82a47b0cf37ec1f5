using System.Text.Json;
using Codewalkers.Cli.Core;
using Codewalkers.Cli.Tests.Infrastructure;

namespace Codewalkers.Cli.Tests;

public class ErrandCommandTests
{
    private const string Projects = """
        [{"id":"p1","name":"my-app","url":"/src/my-app","defaultBranch":"main"}]
        """;

    private const string Thread = """
        [{"at":"2026-12-07T10:00:00Z","author":"user","kind":"request","text":"Fix the typo in README"},
         {"at":"2026-12-07T10:05:00Z","author":"agent","kind":"done","text":"Fixed 'teh'.\nAlso checked docs/."}]
        """;

    /// <summary>An errand as the API answers it; <paramref name="extra"/> adds or overrides fields.</summary>
    private static string Errand(string status, string? agentStatus = "running", int version = 3,
        string extra = "", bool thread = false) => $$"""
        {"id":"e1","projectId":"p1","description":"Fix the typo in README","branch":"cw/errand-fix-the-typo-in-readme",
         "baseBranch":"main","provider":null,"status":"{{status}}","agentId":"a1","agentName":"brave-otter",
         "agentStatus":{{(agentStatus is null ? "null" : $"\"{agentStatus}\"")}},"agentGone":false,
         "summary":null,"error":null,"conflictFiles":[],"merging":false,"mergeBase":null,"mergeCommit":null,
         "pushed":false,{{(thread ? $"\"thread\":{Thread}," : "")}}"createdAt":"2026-12-07T10:00:00Z",
         "updatedAt":"2026-12-07T10:05:00Z","version":{{version}}{{extra}}}
        """;

    /// <summary>GET /api/errands/e1 answering each of <paramref name="states"/> in turn, then the last one.</summary>
    private static ScriptedApi Looks(ScriptedApi api, params string[] states)
    {
        var look = 0;
        return api.On("GET /api/errands/e1", _ => (200, states[Math.Min(look++, states.Length - 1)]));
    }

    private static int LookCount(ScriptedApi api) => api.Requests.Count(r => r.Request == "GET /api/errands/e1");

    [Fact]
    public async Task Start_finds_the_project_by_name_and_posts_the_errand()
    {
        var api = new ScriptedApi().On("GET /api/projects", 200, Projects)
            .On("POST /api/errands", 201, Errand("active", null, 1));

        var run = await Cw.RunAsync(api,
            "errand start \" Fix the typo in README \" --project my-app --base develop --provider codex");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal(
            """{"projectId":"p1","description":"Fix the typo in README","baseBranch":"develop","provider":"codex"}""",
            api.Requests.Single(r => r.Request == "POST /api/errands").Body);
        Assert.Equal("Errand e1 started on cw/errand-fix-the-typo-in-readme (from main). Follow it: cw errand get e1",
            run.Out.Trim());
    }

    [Fact]
    public async Task Start_leaves_out_what_was_not_given_and_json_prints_the_answer()
    {
        var api = new ScriptedApi().On("GET /api/projects", 200, Projects)
            .On("POST /api/errands", 201, Errand("active", null, 1));

        var run = await Cw.RunAsync(api, "errand start \"Fix the typo\" --project p1 --json");

        Assert.Equal("""{"projectId":"p1","description":"Fix the typo"}""", api.Requests.Last().Body);
        Assert.Equal("cw/errand-fix-the-typo-in-readme", JsonDocument.Parse(run.Out).RootElement
            .GetProperty("branch").GetString());
    }

    [Fact]
    public async Task A_description_over_200_characters_is_refused_before_anything_is_sent()
    {
        var api = new ScriptedApi();

        var run = await Cw.RunAsync(api, $"errand start {new string('x', 201)} --project my-app");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("The description has 201 characters; an errand's is at most 200", run.Error);
        Assert.Empty(api.Requests);
        Assert.Empty(run.Out);
    }

    [Fact]
    public async Task An_empty_description_is_refused()
    {
        var api = new ScriptedApi();

        var run = await Cw.RunAsync(api, "errand start \"  \" --project my-app");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Equal("cw: The description is empty.", run.Error.Trim());
        Assert.Empty(api.Requests);
    }

    [Fact]
    public async Task Start_needs_a_project()
    {
        var run = await Cw.RunAsync(new ScriptedApi(), "errand start \"Fix it\"");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("--project", run.Error);
        Assert.Contains("See 'cw errand start --help'.", run.Error);
    }

    [Fact]
    public async Task An_unknown_project_is_not_found_and_nothing_is_posted()
    {
        var api = new ScriptedApi().On("GET /api/projects", 200, Projects);

        var run = await Cw.RunAsync(api, "errand start \"Fix it\" --project nope");

        Assert.Equal(ExitCodes.NotFound, run.ExitCode);
        Assert.Contains("No project 'nope'", run.Error);
        Assert.DoesNotContain(api.Requests, r => r.Request.StartsWith("POST", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_base_branch_the_server_refuses_is_a_usage_error_naming_it()
    {
        var api = new ScriptedApi().On("GET /api/projects", 200, Projects).On("POST /api/errands", 400, """
            {"title":"The request is invalid","status":400,
             "detail":"baseBranch: 'nope' is not a branch of project 'my-app'."}
            """);

        var run = await Cw.RunAsync(api, "errand start \"Fix it\" --project my-app --base nope");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Equal("cw: The request is invalid: baseBranch: 'nope' is not a branch of project 'my-app'.",
            run.Error.Trim());
    }

    [Fact]
    public async Task Start_wait_follows_the_errand_until_it_is_ready_for_review()
    {
        var api = Looks(new ScriptedApi().On("GET /api/projects", 200, Projects)
                .On("POST /api/errands", 201, Errand("active", null, 1)),
            Errand("active", "running", 2), Errand("active", "running", 2),
            Errand("pending_review", "stopped", 4, thread: true, extra: ",\"summary\":\"Fixed 'teh'.\""));

        var run = await Cw.RunAsync(api, "errand start \"Fix the typo\" --project my-app --wait --interval 0.1");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal(3, LookCount(api));
        Assert.Contains("active, agent brave-otter (running)", run.Out);
        Assert.Contains("pending_review, agent brave-otter (stopped)", run.Out);
        Assert.Contains("SUMMARY:", run.Out);
        Assert.Contains("Next: cw errand diff e1, then cw errand merge e1", run.Out);
        Assert.Empty(run.Error);
    }

    [Fact]
    public async Task Wait_with_json_prints_only_the_errand_as_it_ended()
    {
        var api = Looks(new ScriptedApi().On("GET /api/projects", 200, Projects)
                .On("POST /api/errands", 201, Errand("active", null, 1)),
            Errand("active", "running", 2), Errand("pending_review", "stopped", 4, thread: true));

        var run = await Cw.RunAsync(api, "errand start \"Fix the typo\" --project my-app --wait --interval 0.1 --json");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var errand = JsonDocument.Parse(run.Out).RootElement;
        Assert.Equal("pending_review", errand.GetProperty("status").GetString());
        Assert.Equal(2, errand.GetProperty("thread").GetArrayLength());
    }

    [Fact]
    public async Task A_finished_agent_stopping_just_before_its_errand_turns_pending_review_does_not_end_the_wait()
    {
        var api = Looks(new ScriptedApi().On("POST /api/errands/e1/resolve", 202, Errand("active", "stopped", 7)),
            Errand("active", "running", 8), Errand("active", "stopped", 9), Errand("pending_review", "stopped", 10));

        var run = await Cw.RunAsync(api, "errand resolve e1 --wait --interval 0.1");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal(3, LookCount(api));
    }

    [Fact]
    public async Task An_agent_that_stays_stopped_ends_the_wait_with_exit_1()
    {
        var api = Looks(new ScriptedApi().On("POST /api/errands/e1/resolve", 202, Errand("active", "stopped", 7)),
            Errand("active", "running", 8), Errand("active", "stopped", 9));

        var run = await Cw.RunAsync(api, "errand resolve e1 --wait --interval 0.1");

        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        Assert.Equal(3, LookCount(api));
        Assert.Equal("cw: Errand e1's agent brave-otter stopped before it was done: cw errand chat e1 <message> " +
            "resumes it", run.Error.Trim());
    }

    [Fact]
    public async Task Chat_wait_does_not_stop_on_the_agent_state_from_before_the_message()
    {
        // The agent waited for input when the message went out; it takes it up, then asks again.
        var api = Looks(
            new ScriptedApi().On("POST /api/errands/e1/messages", 202, Errand("active", "waiting_for_input", 5)),
            Errand("active", "waiting_for_input", 5), Errand("active", "running", 6),
            Errand("active", "waiting_for_input", 7));

        var run = await Cw.RunAsync(api, "errand chat e1 \"Use the README's spelling\" --wait --interval 0.1");

        Assert.Equal("""{"message":"Use the README's spelling"}""",
            api.Requests.Single(r => r.Request == "POST /api/errands/e1/messages").Body);
        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        Assert.Equal(3, LookCount(api));
        Assert.Equal("cw: Errand e1's agent brave-otter waits for your answers: cw inbox, or cw errand chat e1 " +
            "<answer>", run.Error.Trim());
    }

    [Fact]
    public async Task A_resume_the_agents_service_refuses_ends_the_wait_with_its_error()
    {
        var api = Looks(
            new ScriptedApi().On("POST /api/errands/e1/request-changes", 202, Errand("active", "stopped", 5)),
            Errand("active", "stopped", 5), Errand("pending_review", "stopped", 7,
                extra: ",\"error\":\"The agent could not resume: its session is gone.\""));

        var run = await Cw.RunAsync(api, "errand request-changes e1 \"Keep the old name\" --wait --interval 0.1");

        Assert.Equal("""{"feedback":"Keep the old name"}""", api.Requests.First().Body);
        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        Assert.Equal("cw: Errand e1: The agent could not resume: its session is gone.", run.Error.Trim());
    }

    [Fact]
    public async Task Merge_wait_ending_in_conflict_exits_1_naming_the_files()
    {
        const string conflict = ",\"conflictFiles\":[\"README.md\",\"docs/a.md\"]";
        var api = Looks(new ScriptedApi().On("POST /api/errands/e1/merge", 202,
                Errand("pending_review", "stopped", 5, extra: ",\"merging\":true")),
            Errand("pending_review", "stopped", 5, extra: ",\"merging\":true"),
            Errand("conflict", "stopped", 6, extra: conflict));

        var run = await Cw.RunAsync(api, "errand merge e1 --wait --interval 0.1");

        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        Assert.Contains("pending_review (merging), agent brave-otter (stopped)", run.Out);
        Assert.Contains("CONFLICT IN:  README.md, docs/a.md", run.Out);
        Assert.Equal("cw: Errand e1 conflicts with main in README.md, docs/a.md: cw errand resolve e1",
            run.Error.Trim());
    }

    [Fact]
    public async Task Merge_wait_ending_merged_exits_0()
    {
        const string merged = ",\"mergeBase\":\"1111111111aaaa\",\"mergeCommit\":\"2222222222bbbb\",\"pushed\":true";
        var api = Looks(new ScriptedApi().On("POST /api/errands/e1/merge", 202,
                Errand("pending_review", "stopped", 5, extra: ",\"merging\":true")),
            Errand("merged", "stopped", 6, extra: merged));

        var run = await Cw.RunAsync(api, "errand merge e1 --wait --interval 0.1");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("MERGED:       2222222222 into main (from 1111111111), pushed", run.Out);
        Assert.DoesNotContain("Next:", run.Out);
    }

    [Fact]
    public async Task A_merge_that_failed_leaves_it_pending_review_and_exits_1()
    {
        var api = Looks(new ScriptedApi().On("POST /api/errands/e1/merge", 202,
                Errand("pending_review", "stopped", 5, extra: ",\"merging\":true")),
            Errand("pending_review", "stopped", 6, extra: ",\"error\":\"push rejected: non-fast-forward\""));

        var run = await Cw.RunAsync(api, "errand merge e1 --wait --interval 0.1");

        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        Assert.Equal("cw: Errand e1 was not merged: push rejected: non-fast-forward", run.Error.Trim());
    }

    [Fact]
    public async Task The_wait_goes_on_after_the_service_drops_out_for_a_moment()
    {
        var look = 0;
        var api = new ScriptedApi().On("POST /api/errands/e1/resolve", 202, Errand("active", "stopped", 5))
            .On("GET /api/errands/e1", _ => ++look switch
            {
                1 => (503, """{"title":"Service unavailable","status":503,"detail":"errands is restarting."}"""),
                _ => (200, Errand("pending_review", "stopped", 8)),
            });

        var run = await Cw.RunAsync(api, "errand resolve e1 --wait --interval 0.1");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal(2, look);
        Assert.Contains("cw: connection lost (Service unavailable: errands is restarting); looking again.",
            run.Error);
    }

    [Fact]
    public async Task Get_wait_on_an_errand_as_it_is_stops_at_its_current_agent_state()
    {
        var api = Looks(new ScriptedApi(), Errand("active", "crashed", 5, extra: ",\"error\":\"out of tokens\""));

        var run = await Cw.RunAsync(api, "errand get e1 --wait --interval 0.1");

        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        Assert.Equal("cw: Errand e1's agent brave-otter crashed (out of tokens): cw errand chat e1 <message> " +
            "resumes it", run.Error.Trim());
    }

    [Fact]
    public async Task Get_prints_the_fields_then_the_thread()
    {
        var api = new ScriptedApi().On("GET /api/errands/e1", 200, Errand("pending_review", "stopped",
            thread: true, extra: ",\"summary\":\"Fixed 'teh'.\",\"provider\":\"claude\""));

        var run = await Cw.RunAsync(api, "errand get e1");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("STATUS:       pending_review", run.Out);
        Assert.Contains("BRANCH:       cw/errand-fix-the-typo-in-readme (from main)", run.Out);
        Assert.Contains("AGENT:        brave-otter (stopped), id a1", run.Out);
        Assert.Contains("PROVIDER:     claude", run.Out);
        Assert.DoesNotContain("CONFLICT IN", run.Out);
        var thread = run.Out[run.Out.IndexOf("Thread:", StringComparison.Ordinal)..];
        Assert.Matches(
            @"user    request: Fix the typo in README\n.*agent   done: Fixed 'teh'\.\n      Also checked docs/\.",
            thread);
    }

    [Fact]
    public async Task Get_shows_the_conflicting_files_and_the_command_that_resolves_them()
    {
        var api = new ScriptedApi().On("GET /api/errands/e1", 200,
            Errand("conflict", "stopped", extra: ",\"conflictFiles\":[\"README.md\"]"));

        var run = await Cw.RunAsync(api, "errand get e1");

        Assert.Contains("CONFLICT IN:  README.md", run.Out);
        Assert.Contains("Next: cw errand resolve e1", run.Out);
    }

    [Fact]
    public async Task Get_json_prints_the_answer_unchanged_and_an_unknown_id_exits_3()
    {
        var api = new ScriptedApi().On("GET /api/errands/e1", 200, Errand("active", thread: true))
            .On("GET /api/errands/nope", 404,
                """{"title":"Errand not found","status":404,"detail":"No errand has id 'nope'."}""");

        var json = await Cw.RunAsync(api, "errand get e1 --json");
        var missing = await Cw.RunAsync(api, "errand get nope");

        Assert.Equal(JsonSerializer.Serialize(JsonDocument.Parse(Errand("active", thread: true)).RootElement),
            JsonSerializer.Serialize(JsonDocument.Parse(json.Out).RootElement));
        Assert.Equal(ExitCodes.NotFound, missing.ExitCode);
        Assert.Equal("cw: Errand not found: No errand has id 'nope'.", missing.Error.Trim());
    }

    [Fact]
    public async Task List_filters_by_project_name_and_status_and_prints_a_table()
    {
        var api = new ScriptedApi().On("GET /api/projects", 200, Projects)
            .On("GET /api/errands?projectId=p1&status=pending_review", 200, $"[{Errand("pending_review", "stopped")}]");

        var run = await Cw.RunAsync(api, "errand list --project my-app --status pending_review");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("DESCRIPTION", run.Out);
        Assert.Contains("cw/errand-fix-the-typo-in-readme", run.Out);
        Assert.Contains("brave-otter (stopped)", run.Out);
        Assert.Contains("Fix the typo in README", run.Out);
    }

    [Fact]
    public async Task List_says_how_to_start_one_when_there_is_none_and_refuses_an_unknown_status()
    {
        var api = new ScriptedApi().On("GET /api/errands", 200, "[]");

        var empty = await Cw.RunAsync(api, "errand list");
        var bad = await Cw.RunAsync(api, "errand list --status done");

        Assert.Equal("No errands. Start one: cw errand start \"<what to change>\" --project <project>",
            empty.Out.Trim());
        Assert.Equal(ExitCodes.Usage, bad.ExitCode);
        Assert.Contains("pending_review", bad.Error);
    }

    private const string Diff = """
        {"branch":"cw/errand-fix","baseBranch":"main","mergeBase":"1111111111aaaa",
         "files":[{"status":"M","path":"README.md"},{"status":"A","path":"docs/new.md"}],
         "patch":"diff --git a/README.md b/README.md\n--- a/README.md\n+++ b/README.md\n@@ -1 +1 @@\n-teh\n+the\n",
         "commits":[{"sha":"3333333333cccc","author":"brave-otter","date":"2026-12-07T10:04:00Z",
                     "subject":"Fix the typo"}]}
        """;

    [Fact]
    public async Task Diff_prints_the_commits_then_the_patch()
    {
        var api = new ScriptedApi().On("GET /api/errands/e1/diff", 200, Diff);

        var run = await Cw.RunAsync(api, "errand diff e1");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var lines = run.Out.Split('\n');
        Assert.Equal("# 1 commit(s) on cw/errand-fix since main (1111111111):", lines[0]);
        Assert.Matches(@"^# 3333333333  \d{4}-\d\d-\d\d \d\d:\d\d  brave-otter  Fix the typo$", lines[1]);
        Assert.Equal("diff --git a/README.md b/README.md", lines[2]);
        Assert.EndsWith("-teh\n+the\n", run.Out);
    }

    [Fact]
    public async Task Diff_stat_lists_the_files_and_json_prints_the_answer()
    {
        var api = new ScriptedApi().On("GET /api/errands/e1/diff", 200, Diff);

        var stat = await Cw.RunAsync(api, "errand diff e1 --stat");
        var json = await Cw.RunAsync(api, "errand diff e1 --stat --json");

        Assert.Equal("M   README.md\nA   docs/new.md\n", stat.Out.Replace("\r\n", "\n"));
        Assert.Equal("README.md", JsonDocument.Parse(json.Out).RootElement.GetProperty("files")[0]
            .GetProperty("path").GetString());
    }

    [Fact]
    public async Task Chat_reads_the_message_from_stdin_and_a_running_agent_is_a_conflict()
    {
        var api = new ScriptedApi().On("POST /api/errands/e1/messages", 409, """
            {"title":"Impossible transition","status":409,"detail":"Errand 'e1': its agent is running."}
            """);

        var run = await Cw.RunAsync(api, "errand chat e1 -", input: "Also the docs\n");

        Assert.Equal("{\"message\":\"Also the docs\\n\"}", api.Requests.Single().Body);
        Assert.Equal(ExitCodes.Conflict, run.ExitCode);
        Assert.Equal("cw: Impossible transition: Errand 'e1': its agent is running.", run.Error.Trim());
    }

    [Fact]
    public async Task Chat_and_request_changes_without_wait_confirm_in_one_line()
    {
        var api = new ScriptedApi().On("POST /api/errands/e1/messages", 202, Errand("active", "stopped"))
            .On("POST /api/errands/e1/request-changes", 202, Errand("active", "stopped"));

        var chat = await Cw.RunAsync(api, "errand chat e1 \"Also the docs\"");
        var changes = await Cw.RunAsync(api, "errand request-changes e1 \"Keep the old name\"");

        Assert.Equal("Told errand e1's agent brave-otter; it resumes.", chat.Out.Trim());
        Assert.Equal("Changes requested; errand e1 is active.", changes.Out.Trim());
        Assert.DoesNotContain(api.Requests, r => r.Request.StartsWith("GET", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Merge_resolve_and_abandon_post_to_their_routes()
    {
        var api = new ScriptedApi()
            .On("POST /api/errands/e1/merge", 202, Errand("pending_review", "stopped", extra: ",\"merging\":true"))
            .On("POST /api/errands/e1/resolve", 202, Errand("active", "stopped"))
            .On("POST /api/errands/e1/abandon", 202, Errand("abandoned", "stopped"));

        var merge = await Cw.RunAsync(api, "errand merge e1");
        var resolve = await Cw.RunAsync(api, "errand resolve e1");
        var abandon = await Cw.RunAsync(api, "errand abandon e1");

        Assert.Equal(["POST /api/errands/e1/merge", "POST /api/errands/e1/resolve", "POST /api/errands/e1/abandon"],
            api.Requests.Select(r => r.Request));
        Assert.All(api.Requests, r => Assert.Equal("{}", r.Body));
        Assert.Equal("Merging cw/errand-fix-the-typo-in-readme into main. How it went: cw errand get e1",
            merge.Out.Trim());
        Assert.Equal("Errand e1's conflict goes to an agent; it is active.", resolve.Out.Trim());
        Assert.Equal("Errand e1 abandoned; its branch cw/errand-fix-the-typo-in-readme and worktree are being " +
            "removed.", abandon.Out.Trim());
    }

    [Fact]
    public async Task Merging_an_active_errand_is_refused_with_the_conflict_code()
    {
        var api = new ScriptedApi().On("POST /api/errands/e1/merge", 409, """
            {"title":"Impossible transition","status":409,"detail":"Errand 'e1' is active; merge needs pending_review."}
            """);

        var run = await Cw.RunAsync(api, "errand merge e1 --wait");

        Assert.Equal(ExitCodes.Conflict, run.ExitCode);
        Assert.Equal("cw: Impossible transition: Errand 'e1' is active; merge needs pending_review.",
            run.Error.Trim());
        Assert.Empty(run.Out);
    }

    [Fact]
    public async Task Delete_prints_the_errand_as_it_was()
    {
        var api = new ScriptedApi().On("GET /api/errands/e1", 200, Errand("abandoned", "stopped"))
            .On("DELETE /api/errands/e1", 204, "");

        var run = await Cw.RunAsync(api, "errand delete e1");
        var json = await Cw.RunAsync(api, "errand delete e1 --json");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal("Errand e1 (Fix the typo in README) deleted.", run.Out.Trim());
        Assert.Equal(2, api.Requests.Count(r => r.Request == "DELETE /api/errands/e1"));
        Assert.Equal("abandoned", JsonDocument.Parse(json.Out).RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Deleting_an_active_errand_is_a_conflict()
    {
        var api = new ScriptedApi().On("GET /api/errands/e1", 200, Errand("active"))
            .On("DELETE /api/errands/e1", 409, """
                {"title":"Impossible transition","status":409,"detail":"Errand 'e1' is active: abandon it first."}
                """);

        var run = await Cw.RunAsync(api, "errand delete e1");

        Assert.Equal(ExitCodes.Conflict, run.ExitCode);
        Assert.Contains("abandon it first", run.Error);
        Assert.Empty(run.Out);
    }

    [Fact]
    public async Task A_bad_interval_is_a_usage_error()
    {
        var run = await Cw.RunAsync(new ScriptedApi(), "errand merge e1 --wait --interval 0");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("--interval must be between 0.1 and 3600 seconds.", run.Error);
    }
}

using System.Text.Json;
using Codewalkers.Cli.Core;
using Codewalkers.Cli.Tests.Infrastructure;
using Codewalkers.Cli.Watch;
using Spectre.Console;

namespace Codewalkers.Cli.Tests;

public class WatchTests
{
    /// <summary>
    /// A plan to count: phases "id:status[:dependsOn,...]", tasks "id:phase:status[:category][:dependsOn,...]"
    /// (phase "-": none).
    /// </summary>
    private static Plan PlanOf(string status, string[] phases, params string[] tasks) => Plan.Read(Tree(status, phases,
        tasks));

    private static JsonElement Tree(string status, string[] phases, params string[] tasks)
    {
        var phaseParts = phases.Select(p => p.Split(':')).ToList();
        var taskParts = tasks.Select(t => t.Split(':')).ToList();
        return JsonSerializer.SerializeToElement(new
        {
            initiativeId = "i1",
            name = "Login page",
            status,
            phases = phaseParts.Select(p => new { id = p[0], name = $"Phase {p[0]}", status = p[1] }),
            tasks = taskParts.Select(t => new
            {
                id = t[0],
                phaseId = t[1] == "-" ? null : t[1],
                parentTaskId = (string?)null,
                name = $"Task {t[0]}",
                category = t.Length > 3 && t[3].Length > 0 ? t[3] : "execute",
                status = t[2],
                order = 0,
            }),
            phaseDependencies = phaseParts.Where(p => p.Length > 2)
                .SelectMany(p => p[2].Split(',').Select(d => new { from = p[0], to = d })),
            taskDependencies = taskParts.Where(t => t.Length > 4)
                .SelectMany(t => t[4].Split(',').Select(d => new { from = t[0], to = d })),
        });
    }

    [Fact]
    public void Counts_execution_tasks_per_phase_and_in_total()
    {
        var progress = ExecutionProgress.Of(PlanOf("active", ["a:in_progress", "b:approved:a"],
            "t1:a:completed", "t2:a:in_progress", "t3:a:quality_review", "t4:a:blocked", "t5:b:pending",
            "t6:a:pending:plan", "t7:-:pending"));

        Assert.Equal(new TaskCounts(1, 2, 1, 1), progress.Total);
        Assert.Equal(new TaskCounts(1, 2, 0, 1), progress.Phases[0].Tasks);
        Assert.Equal(new TaskCounts(0, 0, 1, 0), progress.Phases[1].Tasks);
        Assert.Equal(0, progress.PhasesDone);
        Assert.Equal(WatchState.Running, progress.State);
    }

    [Theory]
    [InlineData("pending_review", WatchState.InReview)]
    [InlineData("completed", WatchState.Completed)]
    [InlineData("archived", WatchState.Archived)]
    public void The_initiatives_own_status_decides_first(string status, WatchState state)
    {
        Assert.Equal(state, ExecutionProgress.Of(PlanOf(status, ["a:completed"], "t1:a:completed")).State);
    }

    [Fact]
    public void A_blocked_task_with_nothing_else_to_run_blocks_the_work()
    {
        var progress = ExecutionProgress.Of(PlanOf("active", ["a:in_progress", "b:approved:a"],
            "t1:a:completed", "t2:a:blocked", "t3:a:pending:::t2", "t4:b:pending"));

        Assert.Equal(WatchState.Blocked, progress.State);
        Assert.Equal(["t2"], progress.Holds.Select(h => h.Id));
    }

    [Fact]
    public void A_blocked_task_does_not_stop_independent_work()
    {
        var progress = ExecutionProgress.Of(PlanOf("active", ["a:in_progress"],
            "t1:a:blocked", "t2:a:pending"));

        Assert.Equal(WatchState.Running, progress.State);
        Assert.Equal(1, progress.Total.Blocked);
    }

    [Fact]
    public void An_approved_phase_whose_dependencies_completed_is_started_by_the_system()
    {
        var progress = ExecutionProgress.Of(PlanOf("active", ["a:completed", "b:approved:a"], "t1:a:completed",
            "t2:b:pending"));

        Assert.Equal(WatchState.Running, progress.State);
    }

    [Fact]
    public void A_running_phase_whose_tasks_are_all_done_is_merged_by_the_system()
    {
        Assert.Equal(WatchState.Running,
            ExecutionProgress.Of(PlanOf("active", ["a:in_progress"], "t1:a:completed")).State);
    }

    [Fact]
    public void A_phase_waiting_for_review_with_nothing_else_to_run_is_a_phase_review()
    {
        var progress = ExecutionProgress.Of(PlanOf("active", ["a:pending_review", "b:approved:a"],
            "t1:a:completed", "t2:b:pending"));

        Assert.Equal(WatchState.PhaseReview, progress.State);
        Assert.Equal("a", progress.Holds.Single().Id);
        Assert.Equal(0, StopRule.ExitCode(progress.State));
    }

    [Fact]
    public void A_phase_not_approved_holds_the_work_when_the_rest_is_done()
    {
        var progress = ExecutionProgress.Of(PlanOf("active", ["a:completed", "b:pending"], "t1:a:completed",
            "t2:b:pending"));

        Assert.Equal(WatchState.Blocked, progress.State);
        Assert.Equal(("b", "not approved"), (progress.Holds.Single().Id, progress.Holds.Single().Reason));
        Assert.Equal(1, StopRule.ExitCode(progress.State));
    }

    [Fact]
    public void A_blocked_phase_holds_the_phases_after_it()
    {
        var progress = ExecutionProgress.Of(PlanOf("active", ["a:blocked", "b:approved:a"], "t1:a:completed",
            "t2:b:pending"));

        Assert.Equal(WatchState.Blocked, progress.State);
        Assert.Equal(["a"], progress.Holds.Select(h => h.Id));
    }

    [Fact]
    public void Idle_for_one_look_is_not_yet_stuck_and_work_moving_again_resets_it()
    {
        var stuck = ExecutionProgress.Of(PlanOf("active", ["a:in_progress"], "t1:a:blocked"));
        var moving = ExecutionProgress.Of(PlanOf("active", ["a:in_progress"], "t1:a:in_progress"));
        var rule = new StopRule(settle: 2);

        Assert.False(rule.ShouldStop(stuck));
        Assert.False(rule.ShouldStop(moving));
        Assert.False(rule.ShouldStop(stuck));
        Assert.True(rule.ShouldStop(stuck));
        Assert.True(new StopRule().ShouldStop(ExecutionProgress.Of(PlanOf("pending_review", ["a:completed"]))));
    }

    [Fact]
    public void The_bar_shows_done_running_blocked_and_waiting_in_proportion()
    {
        var bar = Markup.Remove(LiveView.Bar(new TaskCounts(Done: 2, Running: 1, Waiting: 1, Blocked: 0)));

        Assert.Equal(16, bar.Length);
        Assert.Equal(12, bar.Count(c => c == '█'));
        Assert.Equal(4, bar.Count(c => c == '░'));
    }

    [Fact]
    public void The_live_table_has_a_row_per_phase_and_a_total()
    {
        var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors,
        });
        console.Profile.Width = 160;

        console.Write(LiveView.Render(ExecutionProgress.Of(PlanOf("active", ["a:in_progress", "b:approved:a"],
            "t1:a:completed", "t2:a:in_progress", "t3:b:pending")), DateTimeOffset.Now));

        var text = output.ToString();
        Assert.Contains("Phase a", text);
        Assert.Contains("Phase b", text);
        Assert.Contains("1/3", text);
        Assert.Contains("0/2 phases", text);
    }

    private static ScriptedApi Execution(params JsonElement[] looks)
    {
        var next = 0;
        return new ScriptedApi()
            .On("POST /api/initiatives/i1/execute", 202,
                """{"initiativeId":"i1","executionStartedAt":"2026-12-01T10:00:00Z","integrationPhaseId":null}""")
            .On("GET /api/initiatives/i1/tree", _ => (200, looks[Math.Min(next++, looks.Length - 1)].GetRawText()));
    }

    [Fact]
    public async Task Watch_prints_a_line_per_change_and_exits_0_at_review()
    {
        var api = Execution(
            Tree("active", ["a:in_progress"], "t1:a:in_progress", "t2:a:pending"),
            Tree("active", ["a:in_progress"], "t1:a:in_progress", "t2:a:pending"),
            Tree("active", ["a:in_progress"], "t1:a:completed", "t2:a:in_progress"),
            Tree("pending_review", ["a:completed"], "t1:a:completed", "t2:a:completed"));

        var run = await Cw.RunAsync(api, "initiative execute i1 --watch --interval 0.1");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var lines = run.Out.Trim().Split('\n');
        Assert.Matches(@"^\d\d:\d\d:\d\d 0/2 done, 1 running, 1 waiting, 0 blocked", lines[0]);
        Assert.Contains("1/2 done, 1 running, 0 waiting, 0 blocked", lines[1]);
        Assert.Contains("2/2 done", lines[2]);
        Assert.Contains("cw initiative approve i1", lines[3]);
        Assert.Equal(4, lines.Length);
    }

    [Fact]
    public async Task Watch_json_prints_one_object_per_line_and_a_final_one_with_the_holds()
    {
        var api = Execution(
                Tree("active", ["a:in_progress"], "t1:a:in_progress"),
                Tree("active", ["a:in_progress"], "t1:a:blocked"))
            .On("GET /api/tasks?initiativeId=i1&status=blocked&take=500", 200,
                """{"items":[{"id":"t1","blockedReason":"Agent crashed 3 times"}],"total":1}""")
            .On("GET /api/phases?initiativeId=i1&status=blocked&take=500", 200, """{"items":[],"total":0}""");

        var run = await Cw.RunAsync(api, "initiative execute i1 --watch --interval 0.1 --json");

        Assert.Equal(1, run.ExitCode);
        var lines = run.Out.Trim().Split('\n').Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(["running", "blocked", "blocked"], lines.Select(l => l.GetProperty("state").GetString()));
        Assert.Equal(1, lines[0].GetProperty("running").GetInt32());
        Assert.Equal("a", lines[0].GetProperty("phases")[0].GetProperty("id").GetString());
        var final = lines[^1];
        Assert.Equal(1, final.GetProperty("exitCode").GetInt32());
        Assert.Equal("Agent crashed 3 times", final.GetProperty("holds")[0].GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Watch_names_what_is_blocked_and_why()
    {
        var api = Execution(Tree("active", ["a:blocked"], "t1:a:completed"))
            .On("GET /api/tasks?initiativeId=i1&status=blocked&take=500", 200, """{"items":[],"total":0}""")
            .On("GET /api/phases?initiativeId=i1&status=blocked&take=500", 200,
                """{"items":[{"id":"a","blockedReason":"Merging cw/x-task-t1 into cw/x-phase-a failed"}],"total":1}""");

        var run = await Cw.RunAsync(api, "initiative execute i1 --watch --interval 0.1");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("work is blocked", run.Out);
        Assert.Contains("phase Phase a (a) is blocked: Merging cw/x-task-t1 into cw/x-phase-a failed", run.Out);
    }

    [Fact]
    public async Task Watch_waits_for_a_gateway_that_stops_answering_for_a_moment()
    {
        var looks = 0;
        var api = Execution().On("GET /api/initiatives/i1/tree", _ => ++looks < 3
            ? (503, """{"title":"Service unavailable","status":503}""")
            : (200, Tree("completed", ["a:completed"], "t1:a:completed").GetRawText()));

        var run = await Cw.RunAsync(api, "initiative execute i1 --watch --interval 0.1");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("Initiative Login page is completed.", run.Out);
    }

    [Fact]
    public async Task Watch_of_an_unknown_initiative_exits_not_found()
    {
        var run = await Cw.RunAsync(new ScriptedApi(), "initiative execute nope --watch");

        Assert.Equal(ExitCodes.NotFound, run.ExitCode);
    }

    [Fact]
    public async Task An_interval_out_of_range_is_a_usage_error()
    {
        var run = await Cw.RunAsync(null, "initiative execute i1 --watch --interval 0");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("--interval", run.Error);
    }
}

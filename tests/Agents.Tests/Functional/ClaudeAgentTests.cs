using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Codewalkers.Agents.Apis;
using Codewalkers.Agents.Tests.Infrastructure;
using Codewalkers.Contracts.Agents;
using Codewalkers.ServiceDefaults;
using Codewalkers.TestSupport;
using MassTransit.Testing;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Agents.Tests.Functional;

/// <summary>The real Claude CLI, driven by the fake Messages API, run by the Agents service.</summary>
[Collection(nameof(ClaudeAgents))]
public sealed class ClaudeAgentTests(AgentsFactory factory) : TestsWithOrigin(factory)
{
    private readonly string _cli = ClaudeCli.Path;

    private async Task<AgentResponse> SpawnAsync(
        string marker, string? projectId = null, string branch = "cw/demo-task-1", string[]? required = null)
    {
        var response = await Client.PostAsJsonAsync("/api/agents", new
        {
            mode = "execute",
            prompt = $"Scenario {marker}: implement the task.",
            taskId = "task-1",
            projects = projectId is null
                ? Array.Empty<object>()
                : [new { projectId, branch, baseBranch = "main", ensureBranches = Array.Empty<object>() }],
            inputFiles = new[]
            {
                new
                {
                    path = "task.md",
                    content = "---\nid: task-1\n---\nWrite hello for {AGENT_NAME}.",
                    isContext = false,
                },
            },
            requiredOutputs = required ?? [],
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<AgentResponse>())!;
    }

    [Fact]
    public async Task A_spawned_agent_writes_and_commits_files_then_signals_done_and_completes()
    {
        var projectId = (await Factory.RegisterProjectAsync(Origin.Path, "app")).Id;
        var project = await Factory.QueryAsync(db => db.Projects.SingleAsync(p => p.Id == projectId));
        var marker = $"m-{Ids.New()}";
        Factory.Api.Script(marker,
            Steps.Write($"{project.Name}/hello.txt", "hello from the agent\n"),
            Steps.Bash($"cd {project.Name} && git add hello.txt "
                + "&& git -c user.name=agent -c user.email=agent@cw commit -q -m 'Add hello'"),
            Steps.Write(".cw/output/summary.json", """{"files":["hello.txt"]}"""),
            Steps.Signal(new { status = "done", result = new { message = "Added hello.txt" } }),
            Steps.Say("All done."));

        var agent = await SpawnAsync(marker, projectId, required: ["summary.json"]);
        var done = await Factory.WaitForStatusAsync(Client, agent.Id, AgentStatuses.Stopped);

        Assert.Equal(AgentReasons.TaskComplete, done.StatusReason);
        Assert.NotNull(done.SessionId);
        // The clean worktree is removed once the work is accepted (right after the completion is committed); the
        // branch keeps the commit.
        await Eventually.TrueAsync(
            () => Task.FromResult(!Directory.Exists(Path.Combine(done.WorktreeId, project.Name))), "worktree removed");
        var clone = Path.Combine(Factory.Home, "workspace", "repos", project.Name);
        Assert.Equal("hello from the agent\n", Origin.Git("-C", clone, "show", "cw/demo-task-1:hello.txt") + "\n");
        Assert.Equal("Add hello", Origin.Git("-C", clone, "log", "-1", "--format=%s", "cw/demo-task-1"));
        Assert.Equal("initial", Origin.Git("-C", clone, "log", "-1", "--format=%s", "main"));
        Assert.Contains(
            $"Write hello for {agent.Name}.", File.ReadAllText(Path.Combine(done.WorktreeId, ".cw/input/task.md")));

        var completed = Assert.Single(await Factory.PublishedAsync<AgentCompleted>(m => m.AgentId == agent.Id));
        Assert.Equal(
            ("done", "Added hello.txt", "task-1"), (completed.Outcome, completed.Summary, completed.Context.TaskId));
        Assert.Contains(completed.Outputs, o => o.Path == "summary.json" && o.Content.Contains("hello.txt"));
        var changes = (await Factory.PublishedAsync<AgentStatusChanged>(m => m.AgentId == agent.Id, count: 2))
            .OrderBy(m => m.Version).Select(m => $"{m.From}->{m.To}:{m.Reason}").ToArray();
        Assert.Equal(["idle->running:spawned", "running->stopped:task_complete"], changes);

        var session = Assert.Single(
            (await Client.GetFromJsonAsync<AgentsApi.SessionResponse[]>($"/api/agents/{agent.Id}/sessions"))!);
        Assert.Equal(
            (1, done.SessionId, "done", 0),
            (session.SessionNumber, session.ProviderSessionId, session.Outcome, session.ExitCode));
        Assert.True(session.InputTokens > 0 && session.OutputTokens > 0 && session.DurationMs > 0);

        var logs = await Client.GetFromJsonAsync<LogChunkResponse[]>($"/api/agents/{agent.Id}/logs");
        var text = string.Concat(logs!.Select(l => l.Content));
        Assert.Contains("\"type\":\"result\"", text);
        Assert.Contains("\"type\":\"system\"", text);
    }

    [Fact]
    public async Task Questions_wait_for_answers_and_the_same_session_continues()
    {
        var marker = $"m-{Ids.New()}";
        Factory.Api.Script(marker,
            Steps.Signal(
                new { status = "questions", questions = new[] { new { id = "q1", question = "Which colour?" } } }),
            Steps.Say("Waiting for the answer."),
            // After the resume: the request only matches this script if the CLI loaded the first session's history.
            Steps.Write("colour.txt", "blue\n"),
            Steps.Signal(new { status = "done", result = new { message = "Used blue" } }),
            Steps.Say("Done."));

        var agent = await SpawnAsync(marker);
        var waiting = await Factory.WaitForStatusAsync(Client, agent.Id, AgentStatuses.WaitingForInput);
        Assert.Equal("Which colour?", waiting.PendingQuestions!.Value[0].GetProperty("question").GetString());
        Assert.Equal(1, waiting.SessionNumber);

        var wrong = await Client.PostAsJsonAsync(
            $"/api/agents/{agent.Id}/answers", new { answers = new Dictionary<string, string> { ["q9"] = "x" } });
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        var answered = await Client.PostAsJsonAsync(
            $"/api/agents/{agent.Id}/answers", new { answers = new Dictionary<string, string> { ["q1"] = "blue" } });
        Assert.Equal(HttpStatusCode.Accepted, answered.StatusCode);

        var done = await Factory.WaitForStatusAsync(Client, agent.Id, AgentStatuses.Stopped);
        Assert.Equal(
            (AgentReasons.TaskComplete, 2, waiting.SessionId), (done.StatusReason, done.SessionNumber, done.SessionId));
        Assert.Equal("blue\n", File.ReadAllText(Path.Combine(done.WorktreeId, "colour.txt")));
        var logs = await Client.GetFromJsonAsync<LogChunkResponse[]>($"/api/agents/{agent.Id}/logs");
        Assert.Equal([1, 2], logs!.Select(l => l.SessionNumber).Distinct().Order());
        var sessions = await Client.GetFromJsonAsync<AgentsApi.SessionResponse[]>($"/api/agents/{agent.Id}/sessions");
        Assert.Equal(["questions", "done"], sessions!.Select(x => x.Outcome));
        var questions = (await Factory.PublishedAsync<AgentCompleted>(m => m.AgentId == agent.Id, count: 2))
            .OrderBy(m => m.Version).Select(m => m.Outcome);
        Assert.Equal(["questions", "done"], questions);
    }

    [Fact]
    public async Task A_cli_killed_with_sigkill_leaves_the_agent_crashed_as_a_process_crash()
    {
        var marker = $"m-{Ids.New()}";
        Factory.Api.Script(marker, Steps.Bash("timeout 20 tail -f /dev/null"));
        var agent = await SpawnAsync(marker);
        var running = await Factory.WaitForStatusAsync(Client, agent.Id, AgentStatuses.Running);
        await Eventually.ValueAsync(
            () => Task.FromResult(Factory.Api.StepsServed(marker)), n => n >= 1, "the CLI asked for its first step");

        var cli = ChildProcesses(running.Pid!.Value).Single();
        Process.GetProcessById(cli).Kill();

        var crashed = await Factory.WaitForStatusAsync(Client, agent.Id, AgentStatuses.Crashed);
        Assert.Equal((AgentReasons.ProcessCrash, 137), (crashed.StatusReason, crashed.ExitCode));
        var change = Assert.Single(await Factory.PublishedAsync<AgentStatusChanged>(
            m => m.AgentId == agent.Id && m.To == AgentStatuses.Crashed));
        Assert.Equal(AgentReasons.ProcessCrash, change.Reason);
    }

    [Fact]
    public async Task A_stopped_agent_gets_user_requested_and_its_process_group_is_gone()
    {
        var marker = $"m-{Ids.New()}";
        Factory.Api.Script(marker, Steps.Bash("timeout 30 tail -f /dev/null"));
        var agent = await SpawnAsync(marker);
        var running = await Factory.WaitForStatusAsync(Client, agent.Id, AgentStatuses.Running);
        await Eventually.ValueAsync(
            () => Task.FromResult(Factory.Api.StepsServed(marker)), n => n >= 1, "the CLI asked for its first step");

        var stopped = await (await Client.PostAsync($"/api/agents/{agent.Id}/stop", null))
            .Content.ReadFromJsonAsync<AgentResponse>();
        Assert.Equal((AgentStatuses.Stopped, AgentReasons.UserRequested), (stopped!.Status, stopped.StatusReason));
        Assert.False(Directory.Exists($"/proc/{running.Pid}")
            && !File.ReadAllText($"/proc/{running.Pid}/stat").Contains(") Z"));
        await Task.Delay(500);
        Assert.Equal(AgentStatuses.Stopped, (await Factory.GetAgentAsync(Client, agent.Id)).Status);
    }

    [Fact]
    public async Task An_exit_without_signal_gets_one_resume_asking_for_it()
    {
        var marker = $"m-{Ids.New()}";
        Factory.Api.Script(marker,
            Steps.Say("I think I am finished."),
            Steps.Signal(new { status = "done", result = new { message = "signalled on request" } }),
            Steps.Say("Done."));
        var agent = await SpawnAsync(marker);
        var done = await Factory.WaitForStatusAsync(Client, agent.Id, AgentStatuses.Stopped);
        Assert.Equal((AgentReasons.TaskComplete, 2), (done.StatusReason, done.SessionNumber));
        var changes = await Factory.PublishedAsync<AgentStatusChanged>(m => m.AgentId == agent.Id, count: 2);
        Assert.DoesNotContain(changes, c => c.To == AgentStatuses.Crashed);
    }

    [Fact]
    public async Task A_done_signal_before_its_outputs_is_not_accepted_until_they_exist()
    {
        var marker = $"m-{Ids.New()}";
        Factory.Api.Script(marker,
            Steps.Signal(new { status = "done" }),
            Steps.Say("Done."),
            Steps.Write(".cw/output/result.json", """{"ok":true}"""),
            Steps.Signal(new { status = "done", result = new { message = "with outputs" } }),
            Steps.Say("Done now."));
        var agent = await SpawnAsync(marker, required: ["result.json"]);
        var done = await Factory.WaitForStatusAsync(Client, agent.Id, AgentStatuses.Stopped);
        Assert.Equal(2, done.SessionNumber);
        var completed = Assert.Single(await Factory.PublishedAsync<AgentCompleted>(m => m.AgentId == agent.Id));
        Assert.Equal("with outputs", completed.Summary);
        Assert.Contains(completed.Outputs, o => o.Path == "result.json");
    }

    [Fact]
    public async Task A_cli_that_hangs_after_a_valid_signal_is_stopped_and_its_signal_accepted()
    {
        var marker = $"m-{Ids.New()}";
        Factory.Api.Script(marker,
            Steps.Signal(new { status = "done", result = new { message = "then hung" } }),
            Steps.Bash("timeout 120 tail -f /dev/null"));
        var agent = await SpawnAsync(marker);
        var done = await Factory.WaitForStatusAsync(Client, agent.Id, AgentStatuses.Stopped, TimeSpan.FromSeconds(40));
        Assert.Equal(AgentReasons.TaskComplete, done.StatusReason);
        Assert.Equal("then hung",
            Assert.Single(await Factory.PublishedAsync<AgentCompleted>(m => m.AgentId == agent.Id)).Summary);
        // Stopped after the grace (3 s here), long before its 120 s command would have let it finish on its own.
        var session = Assert.Single(
            (await Client.GetFromJsonAsync<AgentsApi.SessionResponse[]>($"/api/agents/{agent.Id}/sessions"))!);
        Assert.InRange(session.EndedAt - session.StartedAt, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task The_output_stream_replays_from_an_offset_and_then_follows_live()
    {
        var marker = $"m-{Ids.New()}";
        Factory.Api.Script(marker,
            Steps.Bash("sleep 2; echo streamed-live"),
            Steps.Signal(new { status = "done" }),
            Steps.Say("Done."));
        var agent = await SpawnAsync(marker);
        await Eventually.ValueAsync(
            () => Task.FromResult(Factory.Api.StepsServed(marker)), n => n >= 1, "the CLI started");

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/agents/{agent.Id}/output?from=0");
        using var response = await Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var seen = new System.Text.StringBuilder();
        var ids = new List<long>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!seen.ToString().Contains("\"type\":\"result\"")
               && await reader.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.StartsWith("id: ")) ids.Add(long.Parse(line[4..]));
            if (line.StartsWith("data: "))
                seen.Append(
                    System.Text.Json.JsonDocument.Parse(line[6..]).RootElement.GetProperty("content").GetString());
        }
        Assert.Contains("streamed-live", seen.ToString());
        Assert.Equal(ids.Order(), ids);
        Assert.Equal(ids.Distinct().Count(), ids.Count);

        // A reconnect from the middle gets exactly the rest.
        var stored = await Client.GetFromJsonAsync<LogChunkResponse[]>($"/api/agents/{agent.Id}/logs");
        // Live chunks go out before they are stored: what was streamed is still the stored output, once, in order.
        Assert.StartsWith(seen.ToString(), string.Concat(stored!.Select(c => c.Content)));
        var middle = stored![stored.Length / 2].Start;
        var replay = await Client.GetStringAsync($"/api/agents/{agent.Id}/output?from={middle}&follow=false");
        var expected = string.Concat(stored.Where(c => c.End > middle).Select(c => c.Content));
        var replayed = string.Concat(replay.Split('\n').Where(l => l.StartsWith("data: "))
            .Select(l => System.Text.Json.JsonDocument.Parse(l[6..]).RootElement.GetProperty("content").GetString()));
        Assert.Equal(expected, replayed);
    }

    [Fact]
    public async Task Uncommitted_work_gets_one_request_to_commit_before_done_is_accepted()
    {
        var projectId = (await Factory.RegisterProjectAsync(Origin.Path, "app")).Id;
        var project = await Factory.QueryAsync(db => db.Projects.SingleAsync(p => p.Id == projectId));
        var marker = $"m-{Ids.New()}";
        Factory.Api.Script(marker,
            Steps.Write($"{project.Name}/draft.txt", "draft\n"),
            Steps.Signal(new { status = "done" }),
            Steps.Say("Done."),
            Steps.Bash($"cd {project.Name} && git add -A "
                + "&& git -c user.name=a -c user.email=a@cw commit -q -m 'Commit draft'"),
            Steps.Signal(new { status = "done", result = new { message = "committed" } }),
            Steps.Say("Done."));
        var agent = await SpawnAsync(marker, projectId, branch: "cw/demo-task-dirty");
        var done = await Factory.WaitForStatusAsync(Client, agent.Id, AgentStatuses.Stopped);
        Assert.Equal((AgentReasons.TaskComplete, 2), (done.StatusReason, done.SessionNumber));
        var clone = Path.Combine(Factory.Home, "workspace", "repos", project.Name);
        Assert.Equal("Commit draft", Origin.Git("-C", clone, "log", "-1", "--format=%s", "cw/demo-task-dirty"));
    }

    [Fact]
    public async Task An_execution_agent_never_works_on_the_default_branch()
    {
        var projectId = (await Factory.RegisterProjectAsync(Origin.Path, "app")).Id;
        var response = await Client.PostAsJsonAsync("/api/agents", new
        {
            prompt = "x",
            projects = new[]
            {
                new { projectId, branch = "main", baseBranch = "main", ensureBranches = Array.Empty<object>() },
            },
        });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("default branch", await response.Content.ReadAsStringAsync());
    }

    private static int[] ChildProcesses(int pid) =>
        [
            .. File.ReadAllText($"/proc/{pid}/task/{pid}/children")
                .Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .Select(int.Parse),
        ];
}

using System.Net;
using System.Net.Http.Json;
using Codewalkers.Agents.Apis;
using Codewalkers.Agents.Tests.Infrastructure;
using Codewalkers.Contracts.Agents;
using Codewalkers.Contracts.Projects;
using Codewalkers.ServiceDefaults;
using Codewalkers.TestSupport;
using MassTransit.Testing;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Agents.Tests.Functional;

/// <summary>
/// "Verified done": an execution agent's done is accepted only once its project's verify command passes in its
/// worktree; a failure resumes the same session with the output, up to Agents:VerifyRetries (2), then the agent stops
/// with verification_failed. The real Claude CLI through the fake Messages API, real git and a real sh.
/// </summary>
[Collection(nameof(ClaudeAgents))]
public sealed class VerifiedDoneTests(AgentsFactory factory) : TestsWithOrigin(factory)
{
    private const string Commit = "git add -A && git -c user.name=agent -c user.email=agent@cw commit -q -m";

    [Fact]
    public async Task A_failed_check_resumes_the_session_with_its_output_and_the_fixed_work_is_verified_and_completed()
    {
        // The output names a marker the command's text does not contain (printf joins it): the fake serves the fixing
        // steps only to a request carrying the check's output.
        var outputMarker = $"VMARK-{Ids.New()}";
        var command = $"printf 'VM%s\\n' '{outputMarker["VM".Length..]} ok.txt is missing'; test -f ok.txt";
        var project = await RegisterAsync(command, timeoutSeconds: 60);
        var marker = $"m-{Ids.New()}";
        Factory.Api.Script(marker, Steps.Signal(new { status = "done" }), Steps.Say("Done."));
        Factory.Api.Script(outputMarker,
            Steps.Write($"{project.Name}/ok.txt", "ok\n"),
            Steps.Bash($"cd {project.Name} && {Commit} 'Add ok.txt'"),
            Steps.Signal(new { status = "done", result = new { message = "Fixed: ok.txt added" } }),
            Steps.Say("Fixed."));

        var agent = await SpawnAsync(marker, project.Id);
        var done = await Factory.WaitForStatusAsync(Client, agent.Id, AgentStatuses.Stopped, TimeSpan.FromMinutes(3));

        Assert.Equal((AgentReasons.TaskComplete, 2), (done.StatusReason, done.SessionNumber));
        Assert.Equal(4, Factory.Api.StepsServed(outputMarker));
        var runs = (await Client.GetFromJsonAsync<VerificationResponse[]>($"/api/agents/{agent.Id}/verifications"))!;
        Assert.Equal([(1, 1, false), (2, 0, true)], runs.Select(r => (r.SessionNumber, r.ExitCode ?? -1, r.Passed)));
        Assert.All(runs, r => Assert.Equal((command, project.Name, false), (r.Command, r.Project, r.TimedOut)));
        Assert.Contains(outputMarker + " ok.txt is missing", runs[0].OutputTail);
        Assert.True(done.LastVerification is { Passed: true, ExitCode: 0 }, $"{done.LastVerification}");

        var completed = Assert.Single(await Factory.PublishedAsync<AgentCompleted>(m => m.AgentId == agent.Id));
        Assert.Equal((SignalOutcomes.Done, true), (completed.Outcome, completed.Verification?.Passed));
        var verified = await Factory.PublishedAsync<AgentVerified>(m => m.AgentId == agent.Id, count: 2);
        Assert.Equal([false, true], verified.OrderBy(v => v.Session).Select(v => v.Verification.Passed));
        var clone = Path.Combine(Factory.Home, "workspace", "repos", project.Name);
        Assert.Equal("ok", Origin.Git("-C", clone, "show", $"{Branch(marker)}:ok.txt"));
    }

    [Fact]
    public async Task Work_that_never_passes_stops_the_agent_as_verification_failed_after_the_retries_with_the_evidence()
    {
        var project = await RegisterAsync("echo ' 1 failing test: parser'; exit 3", timeoutSeconds: 60);
        var marker = $"m-{Ids.New()}";
        Factory.Api.Script(marker,
            Steps.Signal(new { status = "done" }), Steps.Say("Done."),
            Steps.Signal(new { status = "done" }), Steps.Say("Done again."),
            Steps.Signal(new { status = "done" }), Steps.Say("Done once more."));

        var agent = await SpawnAsync(marker, project.Id);
        var stopped = await Eventually.ValueAsync(() => Factory.GetAgentAsync(Client, agent.Id),
            a => a.Status is AgentStatuses.Stopped or AgentStatuses.Crashed, "agent ended", TimeSpan.FromMinutes(3));

        Assert.Equal((AgentStatuses.Stopped, AgentReasons.VerificationFailed, 3),
            (stopped.Status, stopped.StatusReason, stopped.SessionNumber));
        var runs = (await Client.GetFromJsonAsync<VerificationResponse[]>($"/api/agents/{agent.Id}/verifications"))!;
        Assert.Equal([3, 3, 3], runs.Select(r => r.ExitCode ?? -1));
        Assert.All(runs, r => Assert.Contains("1 failing test: parser", r.OutputTail));
        var completed = Assert.Single(await Factory.PublishedAsync<AgentCompleted>(m => m.AgentId == agent.Id));
        Assert.Equal(SignalOutcomes.VerificationFailed, completed.Outcome);
        Assert.Equal((3, false), (completed.Verification!.ExitCode, completed.Verification.Passed));
        // Kept for whoever looks into it: the worktree is not removed.
        Assert.True(Directory.Exists(Path.Combine(stopped.WorktreeId, project.Name)));
    }

    [Fact]
    public async Task A_check_past_its_time_limit_is_killed_with_its_process_group_and_counts_as_failed()
    {
        var scratch = Directory.CreateTempSubdirectory("cw-verify-").FullName;
        var childPid = Path.Combine(scratch, "child.pid");
        // Fast once ok.txt exists; before, a background child (same process group) and a long sleep.
        var project = await RegisterAsync(
            $"test -f ok.txt && exit 0; sleep 300 & echo $! > '{childPid}'; sleep 300", timeoutSeconds: 10);
        var marker = $"m-{Ids.New()}";
        Factory.Api.Script(marker,
            Steps.Signal(new { status = "done" }), Steps.Say("Done."),
            Steps.Write($"{project.Name}/ok.txt", "ok\n"),
            Steps.Bash($"cd {project.Name} && {Commit} 'Add ok.txt'"),
            Steps.Signal(new { status = "done" }), Steps.Say("Done now."));

        var agent = await SpawnAsync(marker, project.Id);
        var verifying = await Eventually.ValueAsync(() => Factory.GetAgentAsync(Client, agent.Id),
            a => a.StatusReason == AgentReasons.Verifying || a.Status is AgentStatuses.Stopped or AgentStatuses.Crashed,
            "verifying shown",
            TimeSpan.FromMinutes(2));
        Assert.Equal((AgentStatuses.Running, AgentReasons.Verifying), (verifying.Status, verifying.StatusReason));
        var done = await Factory.WaitForStatusAsync(Client, agent.Id, AgentStatuses.Stopped, TimeSpan.FromMinutes(3));

        Assert.Equal(AgentReasons.TaskComplete, done.StatusReason);
        var runs = (await Client.GetFromJsonAsync<VerificationResponse[]>($"/api/agents/{agent.Id}/verifications"))!;
        Assert.Equal([(true, (int?)null), (false, 0)], runs.Select(r => (r.TimedOut, r.ExitCode)));
        Assert.InRange(runs[0].DurationMs, 10_000, 30_000);
        var pid = int.Parse(File.ReadAllText(childPid).Trim());
        Assert.False(IsAlive(pid), $"the check's background child {pid} outlived its time limit");
        Directory.Delete(scratch, recursive: true);
    }

    [Fact]
    public async Task A_project_event_with_a_verify_setting_planning_would_refuse_is_ignored_and_an_update_applies()
    {
        var project = await RegisterAsync("true", timeoutSeconds: 60);
        await Factory.Harness.Bus.Publish(new ProjectUpdated(project.Id, project.Name, Origin.Path, "main", 2,
            DateTimeOffset.UtcNow, "make check", VerifyTimeoutSeconds: 5));
        await Eventually.ValueAsync(
            () => Task.FromResult(Factory.Harness.Consumed.Select<ProjectUpdated>(
                m => m.Context.Message is { Version: 2 } u && u.ProjectId == project.Id).Any()),
            consumed => consumed, "the forged update consumed");
        var unchanged = await Factory.QueryAsync(db => db.Projects.AsNoTracking().SingleAsync(p => p.Id == project.Id));
        Assert.Equal((1L, "true", 60), (unchanged.Version, unchanged.VerifyCommand, unchanged.VerifyTimeoutSeconds));
        await Factory.Harness.Bus.Publish(new ProjectUpdated(project.Id, project.Name, Origin.Path, "main", 3,
            DateTimeOffset.UtcNow, "dotnet test", 1200));

        var kept = await Eventually.ValueAsync(
            () => Factory.QueryAsync(db => db.Projects.AsNoTracking().SingleAsync(p => p.Id == project.Id)),
            p => p.Version == 3, "the valid update applied");
        Assert.Equal(("dotnet test", 1200), (kept.VerifyCommand, kept.VerifyTimeoutSeconds));
        // A message from before "verified done" (no verify fields) means: no check.
        await Factory.Harness.Bus.Publish(new ProjectUpdated(project.Id, project.Name, Origin.Path, "main", 4,
            DateTimeOffset.UtcNow));
        var old = await Eventually.ValueAsync(
            () => Factory.QueryAsync(db => db.Projects.AsNoTracking().SingleAsync(p => p.Id == project.Id)),
            p => p.Version == 4, "the old-style update applied");
        Assert.Equal((null, 600), (old.VerifyCommand, old.VerifyTimeoutSeconds));
    }

    private static bool IsAlive(int pid) =>
        File.Exists($"/proc/{pid}/stat") && !File.ReadAllText($"/proc/{pid}/stat").Contains(") Z ");

    private static string Branch(string marker) => $"cw/verify-{marker[2..12].ToLowerInvariant()}";

    private async Task<RegisteredProject> RegisterAsync(string verifyCommand, int timeoutSeconds)
    {
        var id = Ids.New();
        var name = $"verified-{id[..6]}";
        await Factory.Harness.Bus.Publish(new ProjectRegistered(id, name, Origin.Path, "main", 1,
            DateTimeOffset.UtcNow, verifyCommand, timeoutSeconds));
        await Eventually.ValueAsync(() => Factory.QueryAsync(db => db.Projects.AnyAsync(p => p.Id == id)),
            known => known, "project view");
        return new RegisteredProject(id, name, Path.Combine(Factory.Home, "workspace", "repos", name));
    }

    private async Task<AgentResponse> SpawnAsync(string marker, string projectId)
    {
        var response = await Client.PostAsJsonAsync("/api/agents", new
        {
            mode = "execute",
            prompt = $"Scenario {marker}: implement the task.",
            taskId = "task-1",
            projects = new[]
            {
                new { projectId, branch = Branch(marker), baseBranch = "main", ensureBranches = Array.Empty<object>() },
            },
            inputFiles = Array.Empty<object>(),
            requiredOutputs = Array.Empty<string>(),
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<AgentResponse>())!;
    }
}

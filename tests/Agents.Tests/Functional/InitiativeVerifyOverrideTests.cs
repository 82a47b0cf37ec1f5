using System.Net.Http.Json;
using Codewalkers.Agents.Apis;
using Codewalkers.Agents.Tests.Infrastructure;
using Codewalkers.Contracts.Agents;
using Codewalkers.Contracts.Projects;
using Codewalkers.ServiceDefaults;
using Codewalkers.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Agents.Tests.Functional;

/// <summary>
/// An initiative's verify command (SpawnAgent.VerifyCommand, MergeBranches.VerifyCommand) replaces the project's for
/// its work: here the projects have no command at all, so only the override can fail or pass the work. The real Claude
/// CLI through the fake Messages API, real git and a real sh.
/// </summary>
[Collection(nameof(ClaudeAgents))]
public sealed class InitiativeVerifyOverrideTests(AgentsFactory factory) : TestsWithOrigin(factory)
{
    private const string Commit = "git add -A && git -c user.name=agent -c user.email=agent@cw commit -q -m";

    [Fact]
    public async Task An_agent_spawned_with_an_override_is_checked_by_it_in_a_project_without_a_command()
    {
        var outputMarker = $"OMARK-{Ids.New()}";
        // printf joins the marker: the fake serves the fixing steps only to the request carrying the check's output.
        var command = $"printf 'OM%s\\n' '{outputMarker["OM".Length..]} ok.txt is missing'; test -f ok.txt";
        var project = await RegisterAsync();
        var marker = $"m-{Ids.New()}";
        Factory.Api.Script(marker, Steps.Signal(new { status = "done" }), Steps.Say("Done."));
        Factory.Api.Script(outputMarker,
            Steps.Write($"{project.Name}/ok.txt", "ok\n"),
            Steps.Bash($"cd {project.Name} && {Commit} 'Add ok.txt'"),
            Steps.Signal(new { status = "done", result = new { message = "Fixed: ok.txt added" } }),
            Steps.Say("Fixed."));

        var requestId = Ids.New();
        await Factory.SendCommandAsync(new SpawnAgent(requestId, AgentModes.Execute,
            $"Scenario {marker}: implement the task.", "claude", "task-1", null, "initiative-1", null,
            [new AgentWorkspaceProject(project.Id, $"cw/override-{marker[2..12].ToLowerInvariant()}", "main", [])],
            [], [], VerifyCommand: command));
        var agentId = Assert.Single(await Factory.PublishedAsync<AgentSpawned>(m => m.RequestId == requestId)).AgentId;
        var done = await Factory.WaitForStatusAsync(Client, agentId, AgentStatuses.Stopped, TimeSpan.FromMinutes(3));

        Assert.Equal((AgentReasons.TaskComplete, 2), (done.StatusReason, done.SessionNumber));
        var runs = (await Client.GetFromJsonAsync<VerificationResponse[]>($"/api/agents/{agentId}/verifications"))!;
        Assert.Equal([(1, 1, false), (2, 0, true)], runs.Select(r => (r.SessionNumber, r.ExitCode ?? -1, r.Passed)));
        Assert.All(runs, r => Assert.Equal((command, project.Name), (r.Command, r.Project)));
        Assert.Contains(outputMarker + " ok.txt is missing", runs[0].OutputTail);
    }

    [Fact]
    public async Task A_merge_with_an_override_refuses_a_red_result_although_the_project_has_no_command()
    {
        const string atMostOneFile =
            "if [ -f a.txt ] && [ -f b.txt ]; then echo 'a.txt and b.txt must not both exist'; exit 3; fi; echo ok";
        Origin.Git("branch", "phase");
        Origin.Git("branch", "task-a");
        Origin.Git("branch", "task-b");
        Origin.CommitOn("task-a", "a.txt", "a\n");
        Origin.CommitOn("task-b", "b.txt", "b\n");
        var project = await RegisterAsync();

        var first = Assert.IsType<BranchesMerged>(await MergeAsync(project.Id, "task-a", "phase", atMostOneFile));
        var refused = Assert.IsType<MergeVerificationFailed>(
            await MergeAsync(project.Id, "task-b", "phase", atMostOneFile));

        Assert.Equal(first.MergeCommit, Origin.Git("-C", project.ClonePath, "rev-parse", "phase"));
        Assert.Equal((atMostOneFile, 3), (refused.Verification.Command, refused.Verification.ExitCode));
        Assert.Contains("a.txt and b.txt must not both exist", refused.Verification.OutputTail);
        // Without the override the project's own (none) applies: the same merge is not checked.
        Assert.IsType<BranchesMerged>(await MergeAsync(project.Id, "task-b", "phase", verifyCommand: null));
        // A command Planning would refuse is refused here too, naming the field.
        var bad = Assert.IsType<MergeFailed>(await MergeAsync(project.Id, "task-a", "phase", "make\u0007check"));
        Assert.StartsWith("verifyCommand:", bad.Error);
    }

    private async Task<object> MergeAsync(string projectId, string source, string target, string? verifyCommand)
    {
        var merge = new MergeBranches(Ids.New(), projectId, source, target, VerifyMergedResult: true,
            VerifyCommand: verifyCommand);
        await Factory.SendCommandAsync(merge);
        return await Eventually.ValueAsync(() => Task.FromResult(Factory.Harness.Published.Select<object>()
                .Select(m => m.Context.Message)
                .FirstOrDefault(m => m is BranchesMerged b && b.RequestId == merge.RequestId
                    || m is MergeVerificationFailed v && v.RequestId == merge.RequestId
                    || m is MergeConflicted c && c.RequestId == merge.RequestId
                    || m is MergeFailed f && f.RequestId == merge.RequestId)),
            reply => reply is not null, $"reply to {merge.RequestId}", TimeSpan.FromSeconds(30))
            ?? throw new InvalidOperationException();
    }

    /// <summary>A project without a verify command of its own.</summary>
    private async Task<RegisteredProject> RegisterAsync()
    {
        var id = Ids.New();
        var name = $"override-{id[..6]}";
        await Factory.Harness.Bus.Publish(new ProjectRegistered(id, name, Origin.Path, "main", 1,
            DateTimeOffset.UtcNow));
        await Eventually.ValueAsync(() => Factory.QueryAsync(db => db.Projects.AnyAsync(p => p.Id == id)),
            known => known, "project view");
        return new RegisteredProject(id, name, Path.Combine(Factory.Home, "workspace", "repos", name));
    }
}

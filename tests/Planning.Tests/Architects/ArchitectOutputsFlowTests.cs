using Codewalkers.Contracts.Agents;
using Codewalkers.Messaging.Inbox;
using Codewalkers.Planning.Apis;
using Codewalkers.Planning.Consumers;
using Codewalkers.Planning.Domain;
using Codewalkers.Planning.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Planning.Tests.Architects;

/// <summary>
/// An architect's AgentCompleted, as the Agents service publishes it, through to proposals and their acceptance.
/// </summary>
public sealed class ArchitectOutputsFlowTests(PlanningFactory factory) : IClassFixture<PlanningFactory>
{
    private readonly HttpClient _client = factory.CreateAuthorizedClient();

    private async Task<List<ProposalResponse>> ProposalsAsync(string agentId) =>
        [.. (await _client.GetOkAsync<Paged<ProposalResponse>>($"/api/proposals?agentId={agentId}")).Items];

    [Fact]
    public async Task A_done_plan_becomes_phase_proposals_that_accept_into_dependent_phases()
    {
        var initiative = await _client.CreateInitiativeAsync();
        var assignment = await _client.StartAsync($"/api/initiatives/{initiative.Id}/plan");
        var agentId = $"agent{Guid.NewGuid():N}"[..21];
        await factory.Harness.Bus.Publish(new AgentSpawned(agentId, "brave-otter", assignment.Id, "plan", "claude",
            new AgentContext(null, null, initiative.Id, null), 1, DateTimeOffset.UtcNow));
        await _client.AssignmentAsync(
            assignment, a => a.Status == "running" && a.AgentId == agentId, "assignment running");

        await factory.Harness.CompleteAsync(assignment, agentId, "done", "Two phases.",
            ("phases/b.md", "---\ntitle: \"Phase B\"\ndependencies: [a]\n---\nBuild B on A."),
            ("phases/a.md", "---\ntitle: \"Phase A\"\n---\n# A\n\nBuild A."));

        var finished = await _client.AssignmentAsync(assignment, a => a.Status == "finished", "assignment finished");
        Assert.Null(finished.Error);
        var proposals = await ProposalsAsync(agentId);
        Assert.Equal(["Phase A", "Phase B"], proposals.Select(p => p.Title));
        Assert.All(
            proposals,
            p => Assert.Equal(("phase", "pending", initiative.Id), (p.TargetType, p.Status, p.InitiativeId)));

        await _client.PostOkAsync<ProposalsApi.AcceptedResponse[]>("/api/proposals/accept-all", new { agentId });
        var tree = await _client.GetOkAsync<TreeApi.TreeResponse>($"/api/initiatives/{initiative.Id}/tree");
        var phases = await factory.QueryAsync(db => db.Phases
            .Include(p => p.Dependencies)
            .Where(p => p.InitiativeId == initiative.Id)
            .ToListAsync());
        var (a, b) = (phases.Single(p => p.Name == "Phase A"), phases.Single(p => p.Name == "Phase B"));
        Assert.Equal([a.Id], b.DependsOn);
        Assert.NotNull(tree);
    }

    [Fact]
    public async Task A_done_detail_proposes_tasks_of_the_phase_with_their_dependencies_and_without_duplicates()
    {
        var initiative = await _client.CreateInitiativeAsync();
        var phase = await _client.CreatePhaseAsync(initiative.Id, "Storage");
        var existing = await _client.CreateTaskAsync(phase.Id, "Create the schema");
        var assignment = await _client.StartAsync($"/api/phases/{phase.Id}/detail");
        var agentId = $"agent{Guid.NewGuid():N}"[..21];

        await factory.Harness.CompleteAsync(assignment, agentId, "done", null,
            ("tasks/schema.md", "---\ntitle: Create the schema\n---\nDuplicate of an existing task."),
            ("tasks/repo.md",
                "---\ntitle: Write the repository\npriority: high\ndependencies: [schema]\n---\nUse the schema."),
            ("tasks/tests.md",
                "---\ntitle: Test the repository\ncategory: verify\ndependencies: [repo]\n---\nRun them."));

        await _client.AssignmentAsync(assignment, a => a.Status == "finished", "detail finished");
        Assert.Equal(
            ["Write the repository", "Test the repository"], (await ProposalsAsync(agentId)).Select(p => p.Title));
        await _client.PostOkAsync<ProposalsApi.AcceptedResponse[]>("/api/proposals/accept-all", new { agentId });
        var tasks = await factory.QueryAsync(db => db.Tasks
            .Include(t => t.Dependencies)
            .Where(t => t.PhaseId == phase.Id)
            .ToListAsync());
        var (repo, tests) = (
            tasks.Single(t => t.Name == "Write the repository"), tasks.Single(t => t.Name == "Test the repository"));
        Assert.Equal([existing.Id], repo.DependsOn);
        Assert.Equal([repo.Id], tests.DependsOn);
        Assert.Equal((TaskPriority.High, TaskCategory.Verify), (repo.Priority, tests.Category));
        Assert.Equal(3, tasks.Count);
    }

    [Fact]
    public async Task Malformed_outputs_fail_the_assignment_naming_the_file_and_make_no_proposal()
    {
        var initiative = await _client.CreateInitiativeAsync();
        var assignment = await _client.StartAsync($"/api/initiatives/{initiative.Id}/plan");
        var agentId = $"agent{Guid.NewGuid():N}"[..21];

        await factory.Harness.CompleteAsync(assignment, agentId, "done", null,
            ("phases/good.md", "---\ntitle: Good\n---\n"),
            ("phases/broken.md", "---\ntitle: \"Broken\n---\n"));

        var failed = await _client.AssignmentAsync(assignment, a => a.Status == "failed", "plan failed");
        Assert.Contains("phases/broken.md", failed.Error);
        Assert.Contains("unterminated", failed.Error);
        Assert.Empty(await ProposalsAsync(agentId));
    }

    [Fact]
    public async Task A_plan_without_phase_files_fails_and_a_title_too_long_for_a_proposal_is_reported()
    {
        var initiative = await _client.CreateInitiativeAsync();
        var plan = await _client.StartAsync($"/api/initiatives/{initiative.Id}/plan");
        var discuss = await _client.StartAsync($"/api/initiatives/{initiative.Id}/discuss");

        await factory.Harness.CompleteAsync(plan, "agent-plan-empty", "done", null);
        await factory.Harness.CompleteAsync(discuss, "agent-discuss-long", "done", null,
            ("decisions/ok.md", "---\ntopic: Fine\ndecision: Yes\n---\n"),
            ("decisions/long.md", $"---\ntopic: {new string('t', 300)}\n---\n"));

        Assert.Contains(
            "no phases/*.md", (await _client.AssignmentAsync(plan, a => a.Status == "failed", "plan failed")).Error);
        Assert.Contains(
            "decisions/long.md: Title must be at most",
            (await _client.AssignmentAsync(discuss, a => a.Status == "failed", "discuss failed")).Error);
        Assert.Empty(await ProposalsAsync("agent-discuss-long"));
    }

    [Fact]
    public async Task Questions_leave_the_assignment_running_error_and_crash_fail_it()
    {
        var initiative = await _client.CreateInitiativeAsync();
        var refine = await _client.StartAsync($"/api/initiatives/{initiative.Id}/refine");
        var discuss = await _client.StartAsync($"/api/initiatives/{initiative.Id}/discuss");

        await factory.Harness.CompleteAsync(refine, "agent-refine", "questions", null);
        await _client.AssignmentAsync(
            refine, a => a.AgentId == "agent-refine" && a.Status == "running", "refine waits");
        await factory.Harness.CompleteAsync(refine, "agent-refine", "error", "The pages contradict each other.");
        Assert.Contains(
            "The pages contradict each other.",
            (await _client.AssignmentAsync(refine, a => a.Status == "failed", "refine failed")).Error);

        await factory.Harness.Bus.Publish(new AgentStatusChanged(
            "agent-discuss", "calm-heron", "running", "crashed", "process_crash", "discuss",
            new AgentContext(null, null, initiative.Id, null), 3, DateTimeOffset.UtcNow));
        var crashed = await _client.AssignmentAsync(discuss, a => a.Status == "failed", "discuss failed");
        Assert.Contains("process_crash", crashed.Error);
        Assert.Equal("agent-discuss", crashed.AgentId);
    }

    [Fact]
    public async Task A_user_stop_or_a_deletion_fails_the_assignment_but_a_stop_after_done_does_not()
    {
        var initiative = await _client.CreateInitiativeAsync();
        var phase = await _client.CreatePhaseAsync(initiative.Id);
        var (plan, refine, detail) = (
            await _client.StartAsync($"/api/initiatives/{initiative.Id}/plan"),
            await _client.StartAsync($"/api/initiatives/{initiative.Id}/refine"),
            await _client.StartAsync($"/api/phases/{phase.Id}/detail"));
        var context = new AgentContext(null, null, initiative.Id, null);
        await factory.Harness.Bus.Publish(new AgentSpawned(
            "agent-del", "sly-fox", detail.Id, "detail", "claude", context with { PhaseId = phase.Id }, 1,
            DateTimeOffset.UtcNow));
        await _client.AssignmentAsync(detail, a => a.AgentId == "agent-del", "detail agent known");

        await factory.Harness.Bus.Publish(new AgentStatusChanged(
            "agent-plan", "bold-yak", "running", "stopped", "task_complete", "plan", context, 2,
            DateTimeOffset.UtcNow));
        await factory.Harness.Bus.Publish(new AgentStatusChanged(
            "agent-refine", "shy-elk", "running", "stopped", "user_requested", "refine", context, 2,
            DateTimeOffset.UtcNow));
        await factory.Harness.Bus.Publish(new AgentDeleted(
            "agent-del", "sly-fox", context with { PhaseId = phase.Id }, 3, DateTimeOffset.UtcNow));

        Assert.Contains(
            "stopped by the user",
            (await _client.AssignmentAsync(refine, a => a.Status == "failed", "refine failed")).Error);
        Assert.Contains(
            "deleted", (await _client.AssignmentAsync(detail, a => a.Status == "failed", "detail failed")).Error);
        await factory.Harness.CompleteAsync(plan, "agent-plan", "done", null, ("phases/a.md", "---\ntitle: A\n---\n"));
        Assert.Null((await _client.AssignmentAsync(plan, a => a.Status == "finished", "plan finished")).Error);
    }

    [Fact]
    public async Task Completions_of_task_assignments_are_left_to_the_execution_engine()
    {
        var initiative = await _client.CreateInitiativeAsync();
        var phase = await _client.CreatePhaseAsync(initiative.Id);
        var task = await _client.CreateTaskAsync(phase.Id);
        var requestId = $"req{Guid.NewGuid():N}"[..21];
        await factory.QueryAsync(db =>
        {
            db.Assignments.Add(AgentAssignment.Request(
                requestId, AssignmentKind.Task, "execute", initiative.Id, phase.Id, task.Id, DateTimeOffset.UtcNow));
            return db.SaveChangesAsync();
        });
        var fake = new AssignmentResponse(
            requestId, "task", "plan", initiative.Id, phase.Id, task.Id, null, null, "requested", null,
            DateTimeOffset.UtcNow, null);

        var messageId = Guid.NewGuid();
        await factory.Harness.CompleteAsync(
            messageId, fake, "agent-task", "done", null, ("phases/x.md", "---\ntitle: X\n---\n"));

        // It changes nothing, so it leaves no inbox record either: the harness says when it has consumed the message.
        var architects = factory.Harness.GetConsumerHarness<ArchitectCompletedConsumer>();
        await Eventually.TrueAsync(() => architects.Consumed.Any<AgentCompleted>(m => m.Context.MessageId == messageId),
            "the architects' consumer has handled the completion");
        Assert.Empty(await ProposalsAsync("agent-task"));
        Assert.False(await factory.QueryAsync(db => db.Set<InboxMessage>().AnyAsync(
            m => m.MessageId == messageId && m.Consumer == typeof(ArchitectCompletedConsumer).FullName)));
    }
}

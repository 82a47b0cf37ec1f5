using System.Net;
using System.Net.Http.Json;
using Codewalkers.Contracts.Planning;
using Codewalkers.Planning.Apis;
using Codewalkers.Planning.Tests.Infrastructure;
using static Codewalkers.Planning.Apis.ProposalsApi;
using static Codewalkers.Planning.Apis.TreeApi;

namespace Codewalkers.Planning.Tests.Functional;

public sealed class ProposalsApiTests(PlanningFactory factory) : IClassFixture<PlanningFactory>
{
    private readonly HttpClient _client = factory.CreateAuthorizedClient();

    private Task<ProposalResponse> ProposeAsync(
        string initiativeId,
        string agentId,
        string targetType,
        string title,
        object? metadata = null,
        string? targetId = null,
        int sortOrder = 0) =>
        _client.PostOkAsync<ProposalResponse>("/api/proposals",
            new
            {
                initiativeId, agentId, targetType, targetId, title, summary = "why",
                content = $"## {title}\n\nDetails.", metadata, sortOrder
            },
            HttpStatusCode.Created);

    [Fact]
    public async Task Accepting_a_page_proposal_creates_the_page_from_markdown_and_answers_the_change_set()
    {
        var initiative = await _client.CreateInitiativeAsync();
        var proposal = await ProposeAsync(initiative.Id, "agent-a", "page", "Architecture");
        Assert.Equal("pending", proposal.Status);

        var accepted = await _client.PostOkAsync<AcceptedResponse>($"/api/proposals/{proposal.Id}/accept", null);

        var applied = Assert.Single(accepted.Proposals);
        Assert.Equal("accepted", applied.Status);
        var page = await _client.GetOkAsync<PageResponse>($"/api/pages/{applied.AppliedEntityId}");
        Assert.Equal(("Architecture", initiative.RootPageId), (page.Title, page.ParentPageId));
        Assert.Equal("heading", page.Content!.Value.GetProperty("content")[0].GetProperty("type").GetString());
        var changeSet = await _client.GetOkAsync<ChangeSetResponse>($"/api/change-sets/{accepted.ChangeSetId}");
        Assert.Equal(("page", "create"), (Assert.Single(changeSet.Entries).EntityType, changeSet.Entries[0].Action));
        await Eventually.TrueAsync(() => Task.FromResult(factory.Harness.Published
            .Select<ProposalStatusChanged>(
                m => m.Context.Message.ProposalId == proposal.Id && m.Context.Message.Status == "accepted")
            .Any()), "ProposalStatusChanged");
    }

    [Fact]
    public async Task Accepting_all_of_an_agents_proposals_builds_phases_tasks_and_every_dependency_between_them()
    {
        var initiative = await _client.CreateInitiativeAsync();
        var agent = $"detail-{Guid.NewGuid():N}";
        await ProposeAsync(initiative.Id, agent, "phase", "Backend", new { fileId = "backend" });
        await ProposeAsync(
            initiative.Id, agent, "phase", "Frontend", new { fileId = "frontend", dependencies = new[] { "backend" } });
        await ProposeAsync(
            initiative.Id, agent, "task", "UI",
            new { fileId = "ui", phaseId = "frontend", dependencies = new[] { "api" } },
            sortOrder: 0);
        await ProposeAsync(
            initiative.Id, agent, "task", "API",
            new { fileId = "api", phaseId = "backend", category = "execute", priority = "high" },
            sortOrder: 1);
        var otherAgent = await ProposeAsync(initiative.Id, "someone-else", "phase", "Not mine");

        var accepted = await _client.PostOkAsync<AcceptedResponse[]>(
            "/api/proposals/accept-all", new { agentId = agent });

        Assert.Equal(4, Assert.Single(accepted).Proposals.Count);
        var tree = await _client.GetOkAsync<TreeResponse>($"/api/initiatives/{initiative.Id}/tree");
        var phases = tree.Phases.ToDictionary(p => p.Name, p => p.Id);
        var tasks = tree.Tasks.ToDictionary(t => t.Name);
        Assert.Equal(["Backend", "Frontend"], phases.Keys.Order());
        Assert.Equal([new TreeDependency(phases["Frontend"], phases["Backend"])], tree.PhaseDependencies);
        Assert.Equal([new TreeDependency(tasks["UI"].Id, tasks["API"].Id)], tree.TaskDependencies);
        Assert.Equal((phases["Backend"], "high"), (tasks["API"].PhaseId, tasks["API"].Priority));
        Assert.Equal("pending", (await _client.GetOkAsync<ProposalResponse>($"/api/proposals/{otherAgent.Id}")).Status);
    }

    [Fact]
    public async Task Accepting_one_proposal_whose_dependency_is_still_pending_is_a_409_that_names_it()
    {
        var initiative = await _client.CreateInitiativeAsync();
        await ProposeAsync(initiative.Id, "agent-b", "phase", "Base", new { fileId = "base" });
        var dependent = await ProposeAsync(
            initiative.Id, "agent-b", "phase", "Dependent", new { dependencies = new[] { "base" } });

        var response = await _client.PostAsync($"/api/proposals/{dependent.Id}/accept", null);

        Assert.Contains(
            "Base", (await response.AssertProblemAsync(HttpStatusCode.Conflict)).GetProperty("detail").GetString());
        Assert.Empty((await _client.GetOkAsync<TreeResponse>($"/api/initiatives/{initiative.Id}/tree")).Phases);
    }

    [Fact]
    public async Task A_dismissed_proposal_cannot_be_accepted_and_dismissing_twice_is_a_409()
    {
        var proposal = await ProposeAsync((await _client.CreateInitiativeAsync()).Id, "agent-c", "task", "Maybe");

        var dismissed = await _client.PostOkAsync<ProposalResponse>($"/api/proposals/{proposal.Id}/dismiss", null);

        Assert.Equal("dismissed", dismissed.Status);
        await (await _client.PostAsync($"/api/proposals/{proposal.Id}/accept", null))
            .AssertProblemAsync(HttpStatusCode.Conflict);
        await (await _client.PostAsync($"/api/proposals/{proposal.Id}/dismiss", null))
            .AssertProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task An_update_proposal_changes_the_existing_task()
    {
        var initiative = await _client.CreateInitiativeAsync();
        var task = await _client.CreateTaskAsync((await _client.CreatePhaseAsync(initiative.Id)).Id, "Old name");
        var proposal = await ProposeAsync(
            initiative.Id, "agent-d", "task", "New name", new { priority = "low" }, targetId: task.Id);

        await _client.PostOkAsync<AcceptedResponse>($"/api/proposals/{proposal.Id}/accept", null);

        var updated = await _client.GetOkAsync<TaskResponse>($"/api/tasks/{task.Id}");
        Assert.Equal(("New name", "low"), (updated.Name, updated.Priority));
    }

    [Fact]
    public async Task Proposals_are_listed_by_agent_and_status()
    {
        var initiative = await _client.CreateInitiativeAsync();
        var agent = $"lister-{Guid.NewGuid():N}";
        var kept = await ProposeAsync(initiative.Id, agent, "page", "Kept", sortOrder: 2);
        var first = await ProposeAsync(initiative.Id, agent, "page", "First", sortOrder: 1);
        await _client.PostOkAsync<ProposalResponse>($"/api/proposals/{kept.Id}/dismiss", null);

        var pending = await _client.GetOkAsync<Paged<ProposalResponse>>(
            $"/api/proposals?agentId={agent}&status=pending");
        var all = await _client.GetOkAsync<Paged<ProposalResponse>>($"/api/proposals?agentId={agent}");

        Assert.Equal([first.Id], pending.Items.Select(p => p.Id));
        Assert.Equal([first.Id, kept.Id], all.Items.Select(p => p.Id));
    }

    [Fact]
    public async Task Creating_a_proposal_checks_target_type_metadata_and_initiative()
    {
        var initiative = await _client.CreateInitiativeAsync();

        await (await _client.PostAsJsonAsync(
                "/api/proposals",
                new { initiativeId = initiative.Id, agentId = "a", targetType = "epic", title = "T" }))
            .AssertValidationProblemAsync("targetType");
        await (await _client.PostAsJsonAsync(
                "/api/proposals",
                new
                {
                    initiativeId = initiative.Id, agentId = "a", targetType = "task", title = "T",
                    metadata = new[] { 1 }
                }))
            .AssertValidationProblemAsync("metadata");
        await (await _client.PostAsJsonAsync(
                "/api/proposals", new { initiativeId = initiative.Id, targetType = "task", title = "T" }))
            .AssertValidationProblemAsync("agentId");
        await (await _client.PostAsJsonAsync(
                "/api/proposals", new { initiativeId = "missing", agentId = "a", targetType = "task", title = "T" }))
            .AssertProblemAsync(HttpStatusCode.NotFound);
    }
}

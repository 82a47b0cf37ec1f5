using System.Net;
using System.Net.Http.Json;
using Codewalkers.Contracts.Planning;
using Codewalkers.Planning.Apis;
using Codewalkers.Planning.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static Codewalkers.Planning.Apis.TreeApi;

namespace Codewalkers.Planning.Tests.Functional;

public sealed class InitiativesApiTests(PlanningFactory factory) : IClassFixture<PlanningFactory>
{
    private readonly HttpClient _client = factory.CreateAuthorizedClient();

    [Fact]
    public async Task Creating_an_initiative_answers_201_with_a_cw_branch_a_root_page_and_publishes_InitiativeCreated()
    {
        var name = $"User Auth {Guid.NewGuid():N}";

        var created = await _client.CreateInitiativeAsync(name);

        Assert.Equal($"cw/{Codewalkers.Planning.Domain.Initiative.Slug(name)}", created.Branch);
        Assert.Equal("active", created.Status);
        Assert.Equal("review_per_phase", created.ExecutionMode);
        Assert.False(created.BranchLocked);
        var root = await _client.GetOkAsync<PageResponse>($"/api/pages/{created.RootPageId}");
        Assert.Null(root.ParentPageId);
        Assert.Equal(name, root.Title);
        await Eventually.TrueAsync(
            () => Task.FromResult(factory.Harness.Published
                .Select<InitiativeCreated>(m => m.Context.Message.InitiativeId == created.Id)
                .Any()),
            "InitiativeCreated published");
        SameJson.AssertSameJson(
            created, await _client.GetOkAsync<InitiativeResponse>($"/api/initiatives/{created.Id}"));
    }

    [Fact]
    public async Task Two_initiatives_with_the_same_name_get_distinct_branches()
    {
        var name = $"Same {Guid.NewGuid():N}";

        var first = await _client.CreateInitiativeAsync(name);
        var second = await _client.CreateInitiativeAsync(name);

        Assert.Equal(first.Branch + "-2", second.Branch);
    }

    [Fact]
    public async Task A_branch_already_used_by_another_initiative_is_a_409()
    {
        var first = await _client.CreateInitiativeAsync();
        var second = await _client.CreateInitiativeAsync();

        var response = await _client.PatchAsJsonAsync($"/api/initiatives/{second.Id}", new { branch = first.Branch });

        await response.AssertProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task The_branch_is_editable_until_a_task_leaves_pending()
    {
        var initiative = await _client.CreateInitiativeAsync();
        var phase = await _client.CreatePhaseAsync(initiative.Id);
        var task = await _client.CreateTaskAsync(phase.Id);
        var renamed = $"cw/renamed-{Guid.NewGuid():N}";
        (await _client.PatchAsJsonAsync($"/api/initiatives/{initiative.Id}", new { branch = renamed }))
            .EnsureSuccessStatusCode();

        await _client.PostOkAsync<TaskResponse>($"/api/tasks/{task.Id}/start", null);

        var locked = await _client.GetOkAsync<InitiativeResponse>($"/api/initiatives/{initiative.Id}");
        Assert.True(locked.BranchLocked);
        Assert.Equal(renamed, locked.Branch);
        var refused = await _client.PatchAsJsonAsync(
            $"/api/initiatives/{initiative.Id}", new { branch = "cw/too-late" });
        await refused.AssertProblemAsync(HttpStatusCode.Conflict);
        var unchangedName = await _client.PatchAsJsonAsync(
            $"/api/initiatives/{initiative.Id}", new { name = "Still editable", executionMode = "yolo" });
        var updated = (await unchangedName.Content.ReadFromJsonAsync<InitiativeResponse>())!;
        Assert.Equal(("Still editable", "yolo", renamed), (updated.Name, updated.ExecutionMode, updated.Branch));
    }

    [Fact]
    public async Task Linked_projects_are_set_as_a_whole_and_an_unknown_project_is_a_404()
    {
        var p1 = await RegisterProjectAsync();
        var p2 = await RegisterProjectAsync();
        var p3 = await RegisterProjectAsync();
        var initiative = await _client.CreateInitiativeAsync(
            extra: new { name = "Linked", projectIds = new[] { p1, p2 } });
        Assert.Equal(new[] { p1, p2 }.Order(), initiative.ProjectIds);

        var response = await _client.PutAsJsonAsync(
            $"/api/initiatives/{initiative.Id}/projects", new { projectIds = new[] { p2, p3 } });
        var updated = (await response.Content.ReadFromJsonAsync<InitiativeResponse>())!;
        Assert.Equal(new[] { p2, p3 }.Order(), updated.ProjectIds);
        Assert.Equal(initiative.Version + 1, updated.Version);

        var same = await _client.PutAsJsonAsync(
            $"/api/initiatives/{initiative.Id}/projects", new { projectIds = new[] { p3, p2 } });
        Assert.Equal(updated.Version, (await same.Content.ReadFromJsonAsync<InitiativeResponse>())!.Version);

        var unknown = await _client.PutAsJsonAsync(
            $"/api/initiatives/{initiative.Id}/projects", new { projectIds = new[] { "no-such-project" } });
        await unknown.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Listing_filters_by_status_and_pages_with_skip_and_take()
    {
        var archived = await _client.CreateInitiativeAsync();
        await _client.PostOkAsync<InitiativeResponse>($"/api/initiatives/{archived.Id}/archive", null);
        await _client.CreateInitiativeAsync();

        var onlyArchived = await _client.GetOkAsync<Paged<InitiativeResponse>>(
            "/api/initiatives?status=archived&take=500");
        Assert.Contains(onlyArchived.Items, i => i.Id == archived.Id);
        Assert.All(onlyArchived.Items, i => Assert.Equal("archived", i.Status));

        var page = await _client.GetOkAsync<Paged<InitiativeResponse>>("/api/initiatives?skip=1&take=1");
        Assert.Single(page.Items);
        Assert.True(page.Total >= 2);
        Assert.Equal((1, 1), (page.Skip, page.Take));
    }

    [Fact]
    public async Task Status_actions_follow_the_state_machine_and_answer_409_otherwise()
    {
        var initiative = await _client.CreateInitiativeAsync();

        await (await _client.PostAsync($"/api/initiatives/{initiative.Id}/complete", null))
            .AssertProblemAsync(HttpStatusCode.Conflict);
        await _client.PostOkAsync<InitiativeResponse>($"/api/initiatives/{initiative.Id}/submit-for-review", null);
        var completed = await _client.PostOkAsync<InitiativeResponse>(
            $"/api/initiatives/{initiative.Id}/complete", null);
        Assert.Equal("completed", completed.Status);
        await _client.PostOkAsync<InitiativeResponse>($"/api/initiatives/{initiative.Id}/archive", null);
        var reactivated = await _client.PostOkAsync<InitiativeResponse>(
            $"/api/initiatives/{initiative.Id}/reactivate", null);
        Assert.Equal("active", reactivated.Status);
    }

    [Fact]
    public async Task Deleting_an_initiative_removes_everything_under_it_and_publishes_a_delete_for_each_child()
    {
        var initiative = await _client.CreateInitiativeAsync();
        var page = await _client.CreatePageAsync(initiative.Id);
        var phase = await _client.CreatePhaseAsync(initiative.Id);
        var task = await _client.CreateTaskAsync(phase.Id);
        var proposal = await _client.PostOkAsync<ProposalResponse>("/api/proposals",
            new { initiativeId = initiative.Id, agentId = "planner", targetType = "phase", title = "Proposed" },
            HttpStatusCode.Created);
        var accepted = await _client.PostOkAsync<ProposalsApi.AcceptedResponse>(
            $"/api/proposals/{proposal.Id}/accept", null);

        Assert.Equal(
            HttpStatusCode.NoContent, (await _client.DeleteAsync($"/api/initiatives/{initiative.Id}")).StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"/api/proposals/{proposal.Id}")).StatusCode);
        Assert.Equal(
            HttpStatusCode.NotFound, (await _client.GetAsync($"/api/change-sets/{accepted.ChangeSetId}")).StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"/api/initiatives/{initiative.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"/api/pages/{page.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"/api/phases/{phase.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"/api/tasks/{task.Id}")).StatusCode);
        await Eventually.TrueAsync(() => Task.FromResult(
            factory.Harness.Published
                .Select<InitiativeDeleted>(m => m.Context.Message.InitiativeId == initiative.Id).Any()
            && factory.Harness.Published.Select<PhaseDeleted>(m => m.Context.Message.PhaseId == phase.Id).Any()
            && factory.Harness.Published.Select<TaskDeleted>(m => m.Context.Message.TaskId == task.Id).Any()
            && factory.Harness.Published.Select<PageDeleted>(m => m.Context.Message.PageId == page.Id).Any()),
            "delete events published");
        var deleted = factory.Harness.Published
            .Select<TaskDeleted>(m => m.Context.Message.TaskId == task.Id)
            .Single().Context.Message;
        Assert.True(deleted.Version > task.Version);
    }

    [Fact]
    public async Task The_tree_returns_phases_tasks_and_both_dependency_lists_in_one_call()
    {
        var initiative = await _client.CreateInitiativeAsync();
        var first = await _client.CreatePhaseAsync(initiative.Id, "First");
        var second = await _client.CreatePhaseAsync(initiative.Id, "Second", [first.Id]);
        var a = await _client.CreateTaskAsync(first.Id, "A");
        var b = await _client.CreateTaskAsync(second.Id, "B", [a.Id]);

        var tree = await _client.GetOkAsync<TreeResponse>($"/api/initiatives/{initiative.Id}/tree");

        Assert.Equal([first.Id, second.Id], tree.Phases.Select(p => p.Id));
        Assert.Equal(new[] { a.Id, b.Id }.Order(), tree.Tasks.Select(t => t.Id).Order());
        Assert.Equal([new TreeDependency(second.Id, first.Id)], tree.PhaseDependencies);
        Assert.Equal([new TreeDependency(b.Id, a.Id)], tree.TaskDependencies);
        Assert.Equal("pending", tree.Tasks.Single(t => t.Id == b.Id).Status);
    }

    [Fact]
    public async Task Ready_tasks_are_those_whose_dependencies_are_completed()
    {
        var initiative = await _client.CreateInitiativeAsync();
        var phase = await _client.CreatePhaseAsync(initiative.Id);
        var a = await _client.CreateTaskAsync(phase.Id, "A");
        var b = await _client.CreateTaskAsync(phase.Id, "B", [a.Id]);
        await _client.CreateTaskAsync(phase.Id, "Plan it", category: "plan");

        Assert.Equal(
            [a.Id],
            (await _client.GetOkAsync<ReadyTasksResponse>($"/api/initiatives/{initiative.Id}/ready-tasks")).TaskIds);
        await _client.PostOkAsync<TaskResponse>($"/api/tasks/{a.Id}/start", null);
        await _client.PostOkAsync<TaskResponse>($"/api/tasks/{a.Id}/complete", new { summary = "done" });

        Assert.Equal(
            [b.Id],
            (await _client.GetOkAsync<ReadyTasksResponse>($"/api/initiatives/{initiative.Id}/ready-tasks")).TaskIds);
    }

    [Fact]
    public async Task Providers_are_kept_in_order_shown_by_get_and_list_and_replaced_whole_by_patch()
    {
        var created = await _client.CreateInitiativeAsync(extra: new
        {
            name = $"Providers {Guid.NewGuid():N}", providers = new[] { "codex", "claude", "gemini-2" },
        });
        Assert.Equal(["codex", "claude", "gemini-2"], created.Providers);
        Assert.Equal(created.Providers,
            (await _client.GetOkAsync<InitiativeResponse>($"/api/initiatives/{created.Id}")).Providers);
        var listed = await _client.GetOkAsync<Paged<InitiativeResponse>>("/api/initiatives?take=20");
        Assert.Equal(created.Providers, listed.Items.Single(i => i.Id == created.Id).Providers);

        var renamed = await _client.PatchOkAsync<InitiativeResponse>(
            $"/api/initiatives/{created.Id}", new { name = "Renamed" });
        Assert.Equal(created.Providers, renamed.Providers); // absent: unchanged
        var reordered = await _client.PatchOkAsync<InitiativeResponse>(
            $"/api/initiatives/{created.Id}", new { providers = new[] { "claude", "codex" } });
        Assert.Equal(["claude", "codex"], reordered.Providers);
        Assert.True(reordered.Version > renamed.Version);
        var cleared = await _client.PatchOkAsync<InitiativeResponse>(
            $"/api/initiatives/{created.Id}", new { providers = Array.Empty<string>() });
        Assert.Empty(cleared.Providers);
        Assert.Empty((await _client.CreateInitiativeAsync()).Providers); // none given: the Agents service's default
    }

    [Theory]
    [InlineData(new[] { "codex", "Claude" }, "providers[1]", "'Claude'")]
    [InlineData(new[] { "codex", "codex" }, "providers[1]", "listed twice")]
    [InlineData(new[] { "" }, "providers[0]", "not a provider name")]
    [InlineData(new[] { "has space" }, "providers[0]", "'has space'")]
    [InlineData(new[] { "a", "b", "c", "d", "e", "f", "g", "h", "i" }, "providers", "At most 8")]
    public async Task A_bad_provider_list_is_a_400_naming_the_entry_on_create_and_on_patch(
        string[] providers, string field, string detail)
    {
        var existing = await _client.CreateInitiativeAsync(extra: new
        {
            name = $"Fine {Guid.NewGuid():N}", providers = new[] { "claude" },
        });

        var onCreate = await (await _client.PostAsJsonAsync("/api/initiatives",
            new { name = $"Bad {Guid.NewGuid():N}", providers })).AssertValidationProblemAsync(field);
        var onPatch = await (await _client.PatchAsJsonAsync($"/api/initiatives/{existing.Id}",
            new { name = "Not renamed either", providers })).AssertValidationProblemAsync(field);

        Assert.Contains(detail, onCreate.GetProperty("errors").GetProperty(field)[0].GetString());
        Assert.Contains(detail, onPatch.GetProperty("errors").GetProperty(field)[0].GetString());
        var unchanged = await _client.GetOkAsync<InitiativeResponse>($"/api/initiatives/{existing.Id}");
        Assert.Equal((existing.Name, existing.Version), (unchanged.Name, unchanged.Version));
        Assert.Equal(["claude"], unchanged.Providers);
    }

    [Fact]
    public async Task A_provider_name_longer_than_40_characters_is_refused()
    {
        await (await _client.PostAsJsonAsync("/api/initiatives",
                new { name = $"Long {Guid.NewGuid():N}", providers = new[] { new string('a', 41) } }))
            .AssertValidationProblemAsync("providers[0]");
        var fine = await _client.CreateInitiativeAsync(extra: new
        {
            name = $"Forty {Guid.NewGuid():N}", providers = new[] { new string('a', 40) },
        });
        Assert.Equal([new string('a', 40)], fine.Providers);
    }

    private async Task<string> RegisterProjectAsync()
    {
        var name = $"p{Guid.NewGuid():N}";
        var project = await _client.PostOkAsync<ProjectsApi.ProjectResponse>("/api/projects",
            new { name, url = $"https://example.invalid/{name}.git" }, HttpStatusCode.Created);
        return project.Id;
    }
}

using System.Net;
using System.Net.Http.Json;
using Codewalkers.Contracts.Planning;
using Codewalkers.Planning.Apis;
using Codewalkers.Planning.Tests.Infrastructure;

namespace Codewalkers.Planning.Tests.Functional;

public sealed class TasksApiTests(PlanningFactory factory) : IClassFixture<PlanningFactory>
{
    private readonly HttpClient _client = factory.CreateAuthorizedClient();

    [Fact]
    public async Task A_task_in_a_phase_takes_the_phase_initiative_and_defaults_to_execute_medium_pending()
    {
        var initiative = await _client.CreateInitiativeAsync();
        var phase = await _client.CreatePhaseAsync(initiative.Id);

        var task = await _client.CreateTaskAsync(phase.Id, "Build it");

        Assert.Equal(
            (initiative.Id, "execute", "medium", "pending", 0),
            (task.InitiativeId, task.Category, task.Priority, task.Status, task.RetryCount));
        await Eventually.TrueAsync(
            () => Task.FromResult(factory.Harness.Published
                .Select<TaskCreated>(m => m.Context.Message.TaskId == task.Id)
                .Any()),
            "TaskCreated");
    }

    [Fact]
    public async Task A_subtask_named_only_by_its_parent_lives_in_the_parents_phase_and_initiative()
    {
        var initiative = await _client.CreateInitiativeAsync();
        var phase = await _client.CreatePhaseAsync(initiative.Id);
        var parent = await _client.CreateTaskAsync(phase.Id, "Parent");

        var child = await _client.PostOkAsync<TaskResponse>(
            "/api/tasks", new { name = "Child", parentTaskId = parent.Id }, HttpStatusCode.Created);

        Assert.Equal((parent.Id, phase.Id, initiative.Id), (child.ParentTaskId, child.PhaseId, child.InitiativeId));
        var unknown = await _client.PostAsJsonAsync("/api/tasks", new { name = "Orphan", parentTaskId = "nope" });
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task An_initiative_level_task_needs_no_phase_but_a_task_with_neither_is_a_400()
    {
        var initiative = await _client.CreateInitiativeAsync();

        var task = await _client.PostOkAsync<TaskResponse>(
            "/api/tasks",
            new { initiativeId = initiative.Id, name = "Research", category = "research" },
            HttpStatusCode.Created);
        Assert.Null(task.PhaseId);
        await (await _client.PostAsJsonAsync("/api/tasks", new { name = "Nowhere" }))
            .AssertValidationProblemAsync("initiativeId");
    }

    [Fact]
    public async Task A_task_dependency_that_would_close_a_cycle_is_a_409_and_one_across_initiatives_a_400()
    {
        var phase = await _client.CreatePhaseAsync((await _client.CreateInitiativeAsync()).Id);
        var a = await _client.CreateTaskAsync(phase.Id, "A");
        var b = await _client.CreateTaskAsync(phase.Id, "B", [a.Id]);
        Assert.Equal([a.Id], b.DependsOn);
        Assert.Equal(1, b.Version); // created with its dependency in one step
        var foreign = await _client.CreateTaskAsync(
            (await _client.CreatePhaseAsync((await _client.CreateInitiativeAsync()).Id)).Id);

        var cycle = await _client.PostAsJsonAsync(
            $"/api/tasks/{a.Id}/dependencies", new { dependsOn = new[] { b.Id } });
        Assert.Contains(
            $"{a.Id} -> {b.Id} -> {a.Id}",
            (await cycle.AssertProblemAsync(HttpStatusCode.Conflict)).GetProperty("detail").GetString());
        await (await _client.PostAsJsonAsync(
                $"/api/tasks/{a.Id}/dependencies", new { dependsOn = new[] { foreign.Id } }))
            .AssertValidationProblemAsync("dependsOn");
        await (await _client.PostAsJsonAsync(
                "/api/tasks", new { phaseId = phase.Id, name = "X", dependsOn = new[] { foreign.Id } }))
            .AssertValidationProblemAsync("dependsOn");
    }

    [Fact]
    public async Task A_subtask_under_a_parent_of_another_initiative_is_a_400()
    {
        var foreign = await _client.CreateTaskAsync(
            (await _client.CreatePhaseAsync((await _client.CreateInitiativeAsync()).Id)).Id);
        var phase = await _client.CreatePhaseAsync((await _client.CreateInitiativeAsync()).Id);

        var response = await _client.PostAsJsonAsync(
            "/api/tasks", new { phaseId = phase.Id, name = "Sub", parentTaskId = foreign.Id });

        await response.AssertValidationProblemAsync("parentTaskId");
    }

    [Fact]
    public async Task Retrying_a_blocked_task_resets_it_to_pending_and_other_transitions_are_409()
    {
        var task = await _client.CreateTaskAsync(
            (await _client.CreatePhaseAsync((await _client.CreateInitiativeAsync()).Id)).Id);

        await (await _client.PostAsync($"/api/tasks/{task.Id}/retry", null))
            .AssertProblemAsync(HttpStatusCode.Conflict);
        await _client.PostOkAsync<TaskResponse>($"/api/tasks/{task.Id}/start", null);
        var blocked = await _client.PostOkAsync<TaskResponse>(
            $"/api/tasks/{task.Id}/block", new { reason = "crashed three times" });
        Assert.Equal(("blocked", "crashed three times"), (blocked.Status, blocked.BlockedReason));
        var retried = await _client.PostOkAsync<TaskResponse>($"/api/tasks/{task.Id}/retry", null);

        Assert.Equal(("pending", 0, (string?)null), (retried.Status, retried.RetryCount, retried.BlockedReason));
    }

    [Fact]
    public async Task Completing_a_task_after_quality_review_stores_its_summary()
    {
        var task = await _client.CreateTaskAsync(
            (await _client.CreatePhaseAsync((await _client.CreateInitiativeAsync()).Id)).Id);
        await _client.PostOkAsync<TaskResponse>($"/api/tasks/{task.Id}/start", null);
        await _client.PostOkAsync<TaskResponse>($"/api/tasks/{task.Id}/submit-for-quality-review", null);

        var completed = await _client.PostOkAsync<TaskResponse>(
            $"/api/tasks/{task.Id}/complete", new { summary = "Login works" });

        Assert.Equal(("completed", "Login works"), (completed.Status, completed.Summary));
        await (await _client.PostAsync($"/api/tasks/{task.Id}/start", null))
            .AssertProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Deleting_a_task_deletes_its_subtasks_and_drops_dependencies_on_them()
    {
        var phase = await _client.CreatePhaseAsync((await _client.CreateInitiativeAsync()).Id);
        var parent = await _client.CreateTaskAsync(phase.Id, "Parent");
        var child = await _client.CreateTaskAsync(phase.Id, "Child", parentTaskId: parent.Id);
        var dependent = await _client.CreateTaskAsync(phase.Id, "Dependent", [child.Id]);

        Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync($"/api/tasks/{parent.Id}")).StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"/api/tasks/{child.Id}")).StatusCode);
        var after = await _client.GetOkAsync<TaskResponse>($"/api/tasks/{dependent.Id}");
        Assert.Empty(after.DependsOn);
        Assert.True(after.Version > dependent.Version);
    }

    [Fact]
    public async Task Tasks_are_listed_with_filters_and_paging()
    {
        var phase = await _client.CreatePhaseAsync((await _client.CreateInitiativeAsync()).Id);
        var parent = await _client.CreateTaskAsync(phase.Id, "Parent");
        await _client.CreateTaskAsync(phase.Id, "Child 1", parentTaskId: parent.Id);
        await _client.CreateTaskAsync(phase.Id, "Child 2", parentTaskId: parent.Id, category: "verify");

        var children = await _client.GetOkAsync<Paged<TaskResponse>>($"/api/tasks?parentTaskId={parent.Id}");
        Assert.Equal(2, children.Total);
        var verify = await _client.GetOkAsync<Paged<TaskResponse>>($"/api/tasks?phaseId={phase.Id}&category=verify");
        Assert.Equal(["Child 2"], verify.Items.Select(t => t.Name));
        var paged = await _client.GetOkAsync<Paged<TaskResponse>>($"/api/tasks?phaseId={phase.Id}&take=2&skip=2");
        Assert.Equal((3, 1), (paged.Total, paged.Items.Count));
    }

    [Fact]
    public async Task Editing_a_task_changes_its_fields_and_rejects_an_unknown_priority()
    {
        var task = await _client.CreateTaskAsync(
            (await _client.CreatePhaseAsync((await _client.CreateInitiativeAsync()).Id)).Id);

        var edited = await (await _client.PatchAsJsonAsync(
                $"/api/tasks/{task.Id}", new { name = "Renamed", priority = "high", order = 4 }))
            .Content.ReadFromJsonAsync<TaskResponse>();
        Assert.Equal(("Renamed", "high", 4), (edited!.Name, edited.Priority, edited.Order));
        await (await _client.PatchAsJsonAsync($"/api/tasks/{task.Id}", new { priority = "urgent" }))
            .AssertValidationProblemAsync("priority");
    }
}

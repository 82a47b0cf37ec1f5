using System.Net;
using System.Net.Http.Json;
using Codewalkers.Contracts.Planning;
using Codewalkers.Planning.Apis;
using Codewalkers.Planning.Tests.Infrastructure;

namespace Codewalkers.Planning.Tests.Functional;

public sealed class PhasesApiTests(PlanningFactory factory) : IClassFixture<PlanningFactory>
{
    private readonly HttpClient _client = factory.CreateAuthorizedClient();

    [Fact]
    public async Task A_dependency_that_would_close_a_cycle_is_a_409_naming_the_cycle()
    {
        var initiative = await _client.CreateInitiativeAsync();
        var a = await _client.CreatePhaseAsync(initiative.Id, "A");
        var b = await _client.CreatePhaseAsync(initiative.Id, "B", [a.Id]);
        var c = await _client.CreatePhaseAsync(initiative.Id, "C", [b.Id]);

        var response = await _client.PostAsJsonAsync(
            $"/api/phases/{a.Id}/dependencies", new { dependsOn = new[] { c.Id } });

        var problem = await response.AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains($"{a.Id} -> {c.Id} -> {b.Id} -> {a.Id}", problem.GetProperty("detail").GetString());
        Assert.Empty((await _client.GetOkAsync<PhaseResponse>($"/api/phases/{a.Id}")).DependsOn);
    }

    [Fact]
    public async Task A_dependency_on_a_phase_of_another_initiative_is_a_400_and_on_an_unknown_phase_a_404()
    {
        var mine = await _client.CreatePhaseAsync((await _client.CreateInitiativeAsync()).Id);
        var theirs = await _client.CreatePhaseAsync((await _client.CreateInitiativeAsync()).Id);

        await (await _client.PostAsJsonAsync(
                $"/api/phases/{mine.Id}/dependencies", new { dependsOn = new[] { theirs.Id } }))
            .AssertValidationProblemAsync("dependsOn");
        var missing = await _client.PostAsJsonAsync(
            $"/api/phases/{mine.Id}/dependencies", new { dependsOn = new[] { "nope" } });
        var problem = await missing.AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Contains("nope", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_phase_is_approved_started_and_completed_through_explicit_actions()
    {
        var phase = await _client.CreatePhaseAsync((await _client.CreateInitiativeAsync()).Id);

        await (await _client.PostAsync($"/api/phases/{phase.Id}/start", null))
            .AssertProblemAsync(HttpStatusCode.Conflict);
        await _client.PostOkAsync<PhaseResponse>($"/api/phases/{phase.Id}/approve", null);
        await _client.PostOkAsync<PhaseResponse>($"/api/phases/{phase.Id}/start", null);
        await _client.PostOkAsync<PhaseResponse>($"/api/phases/{phase.Id}/submit-for-review", null);
        await _client.PostOkAsync<PhaseResponse>($"/api/phases/{phase.Id}/request-changes", null);
        var completed = await _client.PostOkAsync<PhaseResponse>($"/api/phases/{phase.Id}/complete", null);

        Assert.Equal("completed", completed.Status);
        await Eventually.TrueAsync(() => Task.FromResult(factory.Harness.Published
            .Select<PhaseUpdated>(
                m => m.Context.Message.PhaseId == phase.Id && m.Context.Message.Status == "completed")
            .Any()), "PhaseUpdated(completed)");
    }

    [Fact]
    public async Task Blocking_needs_a_reason_and_unblocking_makes_the_phase_approved_again()
    {
        var phase = await _client.CreatePhaseAsync((await _client.CreateInitiativeAsync()).Id);

        await (await _client.PostAsJsonAsync($"/api/phases/{phase.Id}/block", new { }))
            .AssertValidationProblemAsync("reason");
        var blocked = await _client.PostOkAsync<PhaseResponse>(
            $"/api/phases/{phase.Id}/block", new { reason = "waiting on design" });
        Assert.Equal(("blocked", "waiting on design"), (blocked.Status, blocked.BlockedReason));
        var unblocked = await _client.PostOkAsync<PhaseResponse>($"/api/phases/{phase.Id}/unblock", null);
        Assert.Equal("approved", unblocked.Status);
    }

    [Fact]
    public async Task Deleting_a_phase_deletes_its_tasks_and_drops_dependencies_on_it()
    {
        var initiative = await _client.CreateInitiativeAsync();
        var doomed = await _client.CreatePhaseAsync(initiative.Id, "Doomed");
        var dependent = await _client.CreatePhaseAsync(initiative.Id, "Dependent", [doomed.Id]);
        var task = await _client.CreateTaskAsync(doomed.Id);
        var outside = await _client.CreateTaskAsync(dependent.Id, "Outside", [task.Id]);

        Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync($"/api/phases/{doomed.Id}")).StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"/api/tasks/{task.Id}")).StatusCode);
        Assert.Empty((await _client.GetOkAsync<PhaseResponse>($"/api/phases/{dependent.Id}")).DependsOn);
        Assert.Empty((await _client.GetOkAsync<TaskResponse>($"/api/tasks/{outside.Id}")).DependsOn);
        await Eventually.TrueAsync(
            () => Task.FromResult(factory.Harness.Published
                .Select<TaskDeleted>(m => m.Context.Message.TaskId == task.Id)
                .Any()),
            "TaskDeleted");
    }

    [Fact]
    public async Task Editing_a_phase_sets_content_and_merge_base_and_rejects_a_non_hash_merge_base()
    {
        var phase = await _client.CreatePhaseAsync((await _client.CreateInitiativeAsync()).Id);

        var edited = await (await _client.PatchAsJsonAsync(
                $"/api/phases/{phase.Id}", new { mergeBase = "0123abcd", content = new { type = "doc" } }))
            .Content.ReadFromJsonAsync<PhaseResponse>();
        Assert.Equal("0123abcd", edited!.MergeBase);
        await (await _client.PatchAsJsonAsync($"/api/phases/{phase.Id}", new { mergeBase = "main; rm -rf /" }))
            .AssertValidationProblemAsync("mergeBase");
    }

    [Fact]
    public async Task Removing_a_dependency_that_does_not_exist_is_a_404()
    {
        var initiative = await _client.CreateInitiativeAsync();
        var a = await _client.CreatePhaseAsync(initiative.Id);
        var b = await _client.CreatePhaseAsync(initiative.Id, "B", [a.Id]);

        Assert.Equal(
            HttpStatusCode.OK, (await _client.DeleteAsync($"/api/phases/{b.Id}/dependencies/{a.Id}")).StatusCode);
        await (await _client.DeleteAsync($"/api/phases/{b.Id}/dependencies/{a.Id}"))
            .AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Phases_are_listed_by_initiative_and_status()
    {
        var initiative = await _client.CreateInitiativeAsync();
        var approved = await _client.CreatePhaseAsync(initiative.Id, "Approved");
        await _client.PostOkAsync<PhaseResponse>($"/api/phases/{approved.Id}/approve", null);
        await _client.CreatePhaseAsync(initiative.Id, "Pending");

        var list = await _client.GetOkAsync<Paged<PhaseResponse>>(
            $"/api/phases?initiativeId={initiative.Id}&status=approved");

        Assert.Equal([approved.Id], list.Items.Select(p => p.Id));
        Assert.Equal(1, list.Total);
    }
}

using System.Net;
using System.Net.Http.Json;
using Codewalkers.Planning.Apis;
using Codewalkers.Planning.Tests.Infrastructure;

namespace Codewalkers.Planning.Tests.Execution;

/// <summary>
/// Tasks of one phase that declare overlapping files run one after the other, the younger starting once the older's
/// work is merged into the phase branch; disjoint ones and allowed overlaps run together.
/// </summary>
public sealed class OverlapDispatchTests(ExecutionFactory factory) : IClassFixture<ExecutionFactory>
{
    private readonly HttpClient _client = factory.CreateAuthorizedClient();
    private readonly FakeAgents _agents = new(factory);

    [Fact]
    public async Task Two_tasks_declaring_the_same_file_run_one_after_the_other_the_second_once_the_first_is_merged()
    {
        var (initiative, phase) = await PhaseAsync();
        // The older task goes first even though the younger comes first in the phase's order.
        var older = await TaskAsync(phase.Id, "Older", ["src/Orders/Table.cs"], order: 5);
        var younger = await TaskAsync(phase.Id, "Younger", ["src/Orders/"], order: 0);
        await StartAsync(initiative.Id, phase.Id);

        var first = (await _agents.AwaitSpawnsAsync(older.Id)).Single();
        var waiting = await Eventually.ValueAsync(() => GetTaskAsync(younger.Id), t => t.WaitingFor is not null,
            "the younger task says what it waits for");
        Assert.Equal((older.Id, "src/Orders/Table.cs"),
            (waiting.WaitingFor!.TaskId, string.Join(",", waiting.WaitingFor.Paths)));
        Assert.Equal("pending", waiting.Status);
        var tree = await _client.GetOkAsync<TreeApi.TreeResponse>($"/api/initiatives/{initiative.Id}/tree");
        Assert.Equal(older.Id, tree.Tasks.Single(t => t.Id == younger.Id).WaitingForTaskId);

        var overlaps = await _client.GetOkAsync<OverlapsApi.OverlapsResponse>(
            $"/api/initiatives/{initiative.Id}/overlaps");
        var pair = Assert.Single(overlaps.Overlaps);
        Assert.Equal((older.Id, younger.Id, "declared", "waits"),
            (pair.First.Id, pair.Second.Id, pair.Source, pair.Handling));
        Assert.Equal(["src/Orders/Table.cs"], pair.Paths);

        // Done but not merged yet: the younger still waits.
        await _agents.CompleteAsync(first);
        var merge = (await _agents.AwaitMergesAsync(
            m => m.SourceBranch == first.Projects[0].Branch, "older task merged into the phase")).Single();
        await Eventually.ValueAsync(() => GetTaskAsync(older.Id), t => t.Status == "completed", "older completed");
        await Task.Delay(TimeSpan.FromSeconds(1)); // give dispatch its chance to start it wrongly
        Assert.Empty(_agents.SpawnsFor(younger.Id));

        await _agents.MergedAsync(merge);
        var second = (await _agents.AwaitSpawnsAsync(younger.Id)).Single();
        // It starts from the phase branch, which now holds the older task's work; it waits for no merge.
        Assert.Equal(first.Projects[0].BaseBranch, second.Projects[0].BaseBranch);
        Assert.Empty(second.AfterMerges ?? []);
        var started = await GetTaskAsync(younger.Id);
        Assert.Equal(("in_progress", null), (started.Status, started.WaitingFor));
    }

    [Fact]
    public async Task Tasks_with_disjoint_files_run_together()
    {
        var (initiative, phase) = await PhaseAsync();
        var api = await TaskAsync(phase.Id, "Api", ["src/Api/"]);
        var web = await TaskAsync(phase.Id, "Web", ["src/Web/Orders.razor", "src/Apis.cs"]);
        await StartAsync(initiative.Id, phase.Id);

        await _agents.AwaitSpawnsAsync(api.Id);
        await _agents.AwaitSpawnsAsync(web.Id);
        Assert.Null((await GetTaskAsync(web.Id)).WaitingFor);
        Assert.Empty((await _client.GetOkAsync<OverlapsApi.OverlapsResponse>(
            $"/api/initiatives/{initiative.Id}/overlaps")).Overlaps);
    }

    [Fact]
    public async Task An_allowed_overlap_runs_together_and_the_api_says_it_is_allowed()
    {
        var (initiative, phase) = await PhaseAsync();
        var first = await TaskAsync(phase.Id, "Docs", ["README.md"]);
        var second = await TaskAsync(phase.Id, "Changelog line", ["README.md"], allowOverlap: true);
        await StartAsync(initiative.Id, phase.Id);

        await _agents.AwaitSpawnsAsync(first.Id);
        await _agents.AwaitSpawnsAsync(second.Id);
        var pair = Assert.Single((await _client.GetOkAsync<OverlapsApi.OverlapsResponse>(
            $"/api/initiatives/{initiative.Id}/overlaps")).Overlaps);
        Assert.Equal(("allowed", "README.md"), (pair.Handling, string.Join(",", pair.Paths)));
    }

    [Fact]
    public async Task A_task_waiting_for_an_overlap_that_is_then_allowed_starts_at_once()
    {
        var (initiative, phase) = await PhaseAsync();
        var first = await TaskAsync(phase.Id, "First", ["a.txt"]);
        var second = await TaskAsync(phase.Id, "Second", ["a.txt"]);
        await StartAsync(initiative.Id, phase.Id);
        await _agents.AwaitSpawnsAsync(first.Id);
        await Eventually.ValueAsync(() => GetTaskAsync(second.Id), t => t.WaitingFor is not null, "second waits");

        var patched = await _client.PatchOkAsync<TaskResponse>($"/api/tasks/{second.Id}", new { allowOverlap = true });
        Assert.True(patched.AllowOverlap);
        await _agents.AwaitSpawnsAsync(second.Id);
    }

    private async Task<(InitiativeResponse Initiative, PhaseResponse Phase)> PhaseAsync()
    {
        var name = $"p{Guid.NewGuid():N}"[..12];
        var project = await _client.PostOkAsync<ProjectsApi.ProjectResponse>(
            "/api/projects", new { name, url = $"https://example.invalid/{name}.git" }, HttpStatusCode.Created);
        var initiative = await _client.CreateInitiativeAsync(extra: new
        {
            name = $"Initiative {name}", executionMode = "yolo", projectIds = new[] { project.Id },
        });
        return (initiative, await _client.CreatePhaseAsync(initiative.Id, "Build"));
    }

    private Task<TaskResponse> TaskAsync(string phaseId, string name, string[] files, int? order = null,
        bool allowOverlap = false) =>
        _client.PostOkAsync<TaskResponse>("/api/tasks", new { phaseId, name, files, order, allowOverlap },
            HttpStatusCode.Created);

    private async Task StartAsync(string initiativeId, string phaseId)
    {
        await _client.PostOkAsync<PhaseResponse>($"/api/phases/{phaseId}/approve", null);
        await _client.PostOkAsync<ExecutionApi.ExecutionResponse>(
            $"/api/initiatives/{initiativeId}/execute", null, HttpStatusCode.Accepted);
    }

    private Task<TaskResponse> GetTaskAsync(string id) => _client.GetOkAsync<TaskResponse>($"/api/tasks/{id}");
}

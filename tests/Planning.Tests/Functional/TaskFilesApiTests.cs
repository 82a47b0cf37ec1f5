using System.Net.Http.Json;
using Codewalkers.Planning.Apis;
using Codewalkers.Planning.Domain;
using Codewalkers.Planning.Tests.Infrastructure;

namespace Codewalkers.Planning.Tests.Functional;

/// <summary>The files a task declares: set on create and PATCH, checked, 400 naming the bad path.</summary>
public sealed class TaskFilesApiTests(PlanningFactory factory) : IClassFixture<PlanningFactory>
{
    private readonly HttpClient _client = factory.CreateAuthorizedClient();

    [Fact]
    public async Task Declared_files_are_kept_normalized_and_replaced_or_cleared_by_patch()
    {
        var phase = await PhaseAsync();
        var created = await _client.PostOkAsync<TaskResponse>("/api/tasks",
            new { phaseId = phase.Id, name = "Orders", files = new[] { " src\\Orders\\Table.cs ", "docs/", "docs/" } },
            System.Net.HttpStatusCode.Created);
        Assert.Equal(["src/Orders/Table.cs", "docs/"], created.Files);
        Assert.False(created.AllowOverlap);

        var renamed = await _client.PatchOkAsync<TaskResponse>($"/api/tasks/{created.Id}", new { name = "Orders 2" });
        Assert.Equal(["src/Orders/Table.cs", "docs/"], renamed.Files); // untouched when not given
        var replaced = await _client.PatchOkAsync<TaskResponse>($"/api/tasks/{created.Id}",
            new { files = new[] { "src/" }, allowOverlap = true });
        Assert.Equal(("src/", true), (string.Join(",", replaced.Files), replaced.AllowOverlap));
        var cleared = await _client.PatchOkAsync<TaskResponse>(
            $"/api/tasks/{created.Id}", new { files = Array.Empty<string>() });
        Assert.Empty(cleared.Files);
    }

    [Theory]
    [InlineData("/etc/passwd", "absolute")]
    [InlineData("C:/src/a.cs", "absolute")]
    [InlineData("src/../../secret", "'..'")]
    [InlineData("", "empty")]
    [InlineData("src//a.cs", "empty segment")]
    public async Task A_bad_path_is_a_400_naming_it(string path, string problem)
    {
        var phase = await PhaseAsync();
        var response = await _client.PostAsJsonAsync("/api/tasks",
            new { phaseId = phase.Id, name = "Bad", files = new[] { "ok.cs", path } });
        var detail = (await response.AssertValidationProblemAsync("files")).GetProperty("detail").GetString();
        Assert.Contains(problem, detail);
        if (path.Length > 0) Assert.Contains(path, detail);

        var task = await _client.CreateTaskAsync(phase.Id, "Good");
        var patch = await _client.PatchAsJsonAsync($"/api/tasks/{task.Id}", new { files = new[] { path } });
        await patch.AssertValidationProblemAsync("files");
        Assert.Empty((await _client.GetOkAsync<TaskResponse>($"/api/tasks/{task.Id}")).Files);
    }

    [Fact]
    public async Task Too_many_or_too_long_paths_are_refused()
    {
        var phase = await PhaseAsync();
        var many = Enumerable.Range(0, TaskPaths.MaxEntries + 1).Select(i => $"f{i}.cs").ToArray();
        await (await _client.PostAsJsonAsync("/api/tasks", new { phaseId = phase.Id, name = "Many", files = many }))
            .AssertValidationProblemAsync("files");
        var longPath = new string('a', TaskPaths.MaxLength + 1);
        var detail = (await (await _client.PostAsJsonAsync("/api/tasks",
                new { phaseId = phase.Id, name = "Long", files = new[] { longPath } }))
            .AssertValidationProblemAsync("files")).GetProperty("detail").GetString();
        Assert.Contains($"longer than {TaskPaths.MaxLength}", detail);
    }

    private async Task<PhaseResponse> PhaseAsync()
    {
        var initiative = await _client.CreateInitiativeAsync();
        return await _client.CreatePhaseAsync(initiative.Id);
    }
}

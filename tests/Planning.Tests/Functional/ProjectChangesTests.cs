using System.Net;
using System.Net.Http.Json;
using Codewalkers.Contracts.Planning;
using Codewalkers.Contracts.Projects;
using Codewalkers.Planning.Apis;
using Codewalkers.Planning.Tests.Infrastructure;
using static Codewalkers.Planning.Apis.ProjectsApi;

namespace Codewalkers.Planning.Tests.Functional;

public sealed class ProjectChangesTests(PlanningFactory factory) : IClassFixture<PlanningFactory>
{
    private readonly HttpClient _client = factory.CreateAuthorizedClient();

    private Task<ProjectResponse> RegisterAsync(string? url = null)
    {
        var name = $"p{Guid.NewGuid():N}";
        return _client.PostOkAsync<ProjectResponse>(
            "/api/projects", new { name, url = url ?? $"https://example.invalid/{name}.git" }, HttpStatusCode.Created);
    }

    [Fact]
    public async Task Renaming_a_project_publishes_ProjectUpdated_with_the_next_version()
    {
        var project = await RegisterAsync();
        var name = $"renamed-{Guid.NewGuid():N}";

        var response = await _client.PatchAsJsonAsync(
            $"/api/projects/{project.Id}", new { name, defaultBranch = "develop" });

        var updated = (await response.Content.ReadFromJsonAsync<ProjectResponse>())!;
        Assert.Equal((name, "develop", project.Url), (updated.Name, updated.DefaultBranch, updated.Url));
        await Eventually.TrueAsync(() => Task.FromResult(factory.Harness.Published
            .Select<ProjectUpdated>(m => m.Context.Message.ProjectId == project.Id
                && m.Context.Message.Version == 2
                && m.Context.Message.Name == name)
            .Any()), "ProjectUpdated v2");
    }

    [Fact]
    public async Task A_name_taken_by_another_project_is_a_409_and_a_bad_branch_a_400()
    {
        var first = await RegisterAsync();
        var second = await RegisterAsync();

        await (await _client.PatchAsJsonAsync($"/api/projects/{second.Id}", new { name = first.Name }))
            .AssertProblemAsync(HttpStatusCode.Conflict);
        await (await _client.PatchAsJsonAsync($"/api/projects/{second.Id}", new { defaultBranch = "a..b" }))
            .AssertValidationProblemAsync("defaultBranch");
        await (await _client.PatchAsJsonAsync("/api/projects/nope", new { name = "x" }))
            .AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_local_repository_must_have_the_new_default_branch()
    {
        var project = await RegisterAsync(GitRepository.In(factory.Scratch).Path);

        var response = await _client.PatchAsJsonAsync(
            $"/api/projects/{project.Id}", new { defaultBranch = "no-such-branch" });

        await response.AssertValidationProblemAsync("defaultBranch");
        Assert.Equal("main", (await _client.GetOkAsync<ProjectResponse>($"/api/projects/{project.Id}")).DefaultBranch);
    }

    [Fact]
    public async Task Deleting_a_project_unlinks_it_from_initiatives_and_publishes_ProjectDeleted()
    {
        var kept = await RegisterAsync();
        var doomed = await RegisterAsync();
        var initiative = await _client.CreateInitiativeAsync(
            extra: new { name = "Linked", projectIds = new[] { kept.Id, doomed.Id } });

        Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync($"/api/projects/{doomed.Id}")).StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"/api/projects/{doomed.Id}")).StatusCode);
        Assert.Equal(
            [kept.Id], (await _client.GetOkAsync<InitiativeResponse>($"/api/initiatives/{initiative.Id}")).ProjectIds);
        await Eventually.TrueAsync(() => Task.FromResult(
            factory.Harness.Published.Select<ProjectDeleted>(m => m.Context.Message.ProjectId == doomed.Id).Any()
            && factory.Harness.Published
                .Select<InitiativeUpdated>(m => m.Context.Message.InitiativeId == initiative.Id
                    && m.Context.Message.ProjectIds.Count == 1)
                .Any()),
            "ProjectDeleted and InitiativeUpdated published");
        await (await _client.DeleteAsync($"/api/projects/{doomed.Id}")).AssertProblemAsync(HttpStatusCode.NotFound);
    }
}

using System.Net;
using Codewalkers.Planning.Execution;
using Codewalkers.Planning.Tests.Infrastructure;
using static Codewalkers.Planning.Apis.ProjectsApi;

namespace Codewalkers.Planning.Tests.Functional;

/// <summary>
/// Deleting a project or an initiative asks the Agents service what would be put at risk: unmerged work answers 409
/// naming it, unless force=true; an Agents service that cannot be asked answers 503 and deletes nothing.
/// </summary>
public sealed class DeleteWithUnmergedWorkTests(PlanningFactory factory) : IClassFixture<PlanningFactory>
{
    private readonly HttpClient _client = factory.CreateAuthorizedClient();

    private Task<ProjectResponse> RegisterAsync()
    {
        var name = $"p{Guid.NewGuid():N}";
        return _client.PostOkAsync<ProjectResponse>(
            "/api/projects", new { name, url = $"https://example.invalid/{name}.git" }, HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_project_with_unmerged_work_is_deleted_only_with_force()
    {
        var project = await RegisterAsync();
        factory.UnmergedWork.Set(project.Id,
            new WorkspaceClient.UnmergedBranch(project.Id, project.Name, "cw/feature-task-abc", 2));

        var refused = await (await _client.DeleteAsync($"/api/projects/{project.Id}"))
            .AssertProblemAsync(HttpStatusCode.Conflict);

        Assert.Contains("cw/feature-task-abc", refused.GetProperty("detail").GetString());
        Assert.Contains("force=true", refused.GetProperty("detail").GetString());
        Assert.Equal("cw/feature-task-abc",
            refused.GetProperty("unmergedBranches")[0].GetProperty("branch").GetString());
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync($"/api/projects/{project.Id}")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent,
            (await _client.DeleteAsync($"/api/projects/{project.Id}?force=true")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"/api/projects/{project.Id}")).StatusCode);
    }

    [Fact]
    public async Task An_initiative_asks_about_its_own_branches_and_with_unmerged_work_is_deleted_only_with_force()
    {
        var project = await RegisterAsync();
        var initiative = await _client.CreateInitiativeAsync(
            extra: new { name = $"Doomed {Guid.NewGuid():N}", projectIds = new[] { project.Id } });
        var phase = await _client.CreatePhaseAsync(initiative.Id);
        var task = await _client.CreateTaskAsync(phase.Id);
        var taskBranch = $"{initiative.Branch}-task-{task.Id}";
        factory.UnmergedWork.Set(
            project.Id, new WorkspaceClient.UnmergedBranch(project.Id, project.Name, taskBranch, 1));

        var refused = await (await _client.DeleteAsync($"/api/initiatives/{initiative.Id}"))
            .AssertProblemAsync(HttpStatusCode.Conflict);

        Assert.Contains(taskBranch, refused.GetProperty("detail").GetString());
        var asked = factory.UnmergedWork.Requests.Last();
        Assert.Equal(initiative.Id, asked.GetProperty("initiativeId").GetString());
        var branches = asked.GetProperty("projects")[0].GetProperty("branches").EnumerateArray()
            .Select(b => b.GetString()).ToList();
        Assert.Contains(initiative.Branch, branches);
        Assert.Contains(taskBranch, branches);
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync($"/api/initiatives/{initiative.Id}")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent,
            (await _client.DeleteAsync($"/api/initiatives/{initiative.Id}?force=true")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"/api/initiatives/{initiative.Id}")).StatusCode);
    }

    [Fact]
    public async Task Nothing_is_deleted_while_the_agents_service_cannot_be_asked()
    {
        var project = await RegisterAsync();
        factory.UnmergedWork.Down = true;
        try
        {
            var unavailable = await (await _client.DeleteAsync($"/api/projects/{project.Id}?force=true"))
                .AssertProblemAsync(HttpStatusCode.ServiceUnavailable);
            Assert.Contains("nothing was deleted", unavailable.GetProperty("detail").GetString());
        }
        finally
        {
            factory.UnmergedWork.Down = false;
        }
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync($"/api/projects/{project.Id}")).StatusCode);
    }
}

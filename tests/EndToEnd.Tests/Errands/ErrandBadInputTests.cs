using System.Net;
using System.Net.Http.Json;
using Codewalkers.EndToEnd.Tests.Infrastructure;
using Codewalkers.TestSupport;

namespace Codewalkers.EndToEnd.Tests.Errands;

/// <summary>
/// Bad errands through the gateway: each is refused with a 4xx ProblemDetails naming the problem, and a refused create
/// leaves nothing behind (no errand, no branch, no agent). Commands out of order are refused the same way.
/// </summary>
[Collection(CodewalkersAppCollection.Name)]
public sealed class ErrandBadInputTests(CodewalkersApp app)
{
    public static TheoryData<string, string?, string> BadErrands => new()
    {
        { "", null, "description" },
        { new string('x', 201), null, "200" },
        { "Fix the\u0007bell", null, "control" },
        { "Fix it", "release", "'release'" },
        { "Fix it", "--upload-pack=touch /tmp/pwned", "baseBranch" },
        { "Fix it", "ma\nin", "baseBranch" },
        { "Fix it", "main..other", "baseBranch" },
    };

    [Theory]
    [MemberData(nameof(BadErrands))]
    public async Task A_bad_errand_is_refused_naming_the_problem_and_nothing_is_created(
        string description, string? baseBranch, string named)
    {
        await app.SettledAsync();
        using var client = app.CreateClient();
        var project = await client.RegisterProjectAsync(
            Api.Unique("bad-errands"), GitRepository.In(app.Repositories).Path);
        var agentsBefore = (await client.GetJsonAsync("/api/agents")).Items().Length;

        using var response = await client.PostAsJsonAsync(
            "/api/errands", new { projectId = project.Id, description, baseBranch });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(named, await response.Content.ReadAsStringAsync());
        await AssertNothingCreatedAsync(client, project, agentsBefore);
    }

    [Fact]
    public async Task An_errand_for_an_unknown_project_is_refused_naming_it()
    {
        using var client = app.CreateClient();
        using var response = await client.PostAsJsonAsync(
            "/api/errands", new { projectId = "no-such-project-00000", description = "Fix it" });
        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound,
            $"answered {(int)response.StatusCode}");
        Assert.Contains("no-such-project-00000", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Commands_out_of_order_are_refused_and_an_abandoned_errand_leaves_no_branch()
    {
        await app.SettledAsync();
        using var client = app.CreateClient();
        var project = await client.RegisterProjectAsync(
            Api.Unique("errand-order"), GitRepository.In(app.Repositories).Path);
        var marker = Api.Unique("errand-slow");
        // An agent that takes its time: the errand stays active while the test works on it.
        app.Model.Script(marker, Steps.Bash("sleep 60"), Steps.Say("Slept."));
        var errand = await client.StartErrandAsync(project, $"Take a nap {marker}");
        var id = errand.Str("id");
        var branch = errand.Str("branch");

        await AssertRefusedAsync(client, $"/api/errands/{id}/merge", "active");
        await AssertRefusedAsync(client, $"/api/errands/{id}/resolve", "active");
        using (var delete = await client.DeleteAsync($"/api/errands/{id}"))
            Assert.Equal(HttpStatusCode.Conflict, delete.StatusCode);
        var running = await client.AwaitErrandAsync(id, "active", e => e.Str("agentStatus") == "running");
        await AssertRefusedAsync(client, $"/api/errands/{id}/messages", "running", new { message = "Hurry up." });

        // Abandoned: the agent is stopped, its worktree and branch are gone; what is left can be deleted.
        await client.PostJsonAsync($"/api/errands/{id}/abandon");
        await client.AwaitErrandAsync(id, "abandoned");
        await AssertRefusedAsync(client, $"/api/errands/{id}/merge", "abandoned");
        await AssertRefusedAsync(client, $"/api/errands/{id}/request-changes", "abandoned", new { feedback = "More." });
        var agentId = running.Str("agentId");
        await Eventually.ValueAsync(async () => (await client.GetJsonAsync($"/api/agents/{agentId}")).Str("status"),
            s => s == "stopped", "the errand's agent stopped", ErrandApi.Patience);
        await Eventually.TrueAsync(async () => !(await BranchesAsync(client, project)).Contains(branch),
            $"{branch} deleted", ErrandApi.Patience);
        using (var delete = await client.DeleteAsync($"/api/errands/{id}"))
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        using var gone = await client.GetAsync($"/api/errands/{id}");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    private static async Task AssertRefusedAsync(HttpClient client, string path, string named, object? body = null)
    {
        using var response = await client.PostAsJsonAsync(path, body ?? new { });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Conflict,
            $"POST {path} answered {(int)response.StatusCode}: {text}");
        Assert.Contains(named, text);
    }

    private static async Task AssertNothingCreatedAsync(HttpClient client, ProjectDto project, int agentsBefore)
    {
        Assert.Empty((await client.GetJsonAsync($"/api/errands?projectId={project.Id}")).Items());
        Assert.DoesNotContain(await BranchesAsync(client, project), b => b.StartsWith("cw/errand-"));
        Assert.Equal(agentsBefore, (await client.GetJsonAsync("/api/agents")).Items().Length);
    }

    private static async Task<IReadOnlyList<string>> BranchesAsync(HttpClient client, ProjectDto project) =>
        [.. (await client.GetJsonAsync($"/api/workspace/projects/{project.Id}/branches")).Items()
            .Select(b => b.Str("name"))];
}

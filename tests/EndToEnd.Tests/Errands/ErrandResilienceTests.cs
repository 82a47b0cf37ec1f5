using Codewalkers.EndToEnd.Tests.Infrastructure;
using Codewalkers.TestSupport;

namespace Codewalkers.EndToEnd.Tests.Errands;

/// <summary>
/// An errand outlives its services: the Errands and the Agents service are killed (SIGKILL) while its agent works and
/// again while it merges; the AppHost brings them back, and the errand still ends merged, on main and at the origin.
/// </summary>
[Collection(CodewalkersAppCollection.Name)]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ErrandResilienceTests(CodewalkersApp app)
{
    [Fact]
    public async Task An_errand_continues_through_the_Errands_and_Agents_services_being_killed_and_ends_merged()
    {
        await app.SettledAsync();
        using var client = app.CreateClient();
        var (repo, project) = await ErrandTests.RegisterPushableProjectAsync(client, app.Repositories);
        var marker = Api.Unique("errand-survivor");
        // The agent works long enough for both services to die and come back under it.
        app.Model.Script(marker,
            [Steps.Bash("sleep 25"), .. ErrandApi.WritesAndCommits(project, "notes.txt", "kept\n", "Keep a note")]);
        var id = (await client.StartErrandAsync(project, $"Keep a note {marker}")).Str("id");
        await client.AwaitErrandAsync(id, "active", e => e.Str("agentStatus") == "running");

        await app.KillAndAwaitRestartAsync("errands");
        await app.KillAndAwaitRestartAsync("agents");
        await app.SettledAsync();
        await client.AwaitErrandAsync(id, "pending_review");

        await client.PostJsonAsync($"/api/errands/{id}/merge");
        await app.KillAndAwaitRestartAsync("errands");
        await app.SettledAsync();
        var merged = await client.AwaitErrandAsync(id, "merged");
        Assert.True(merged.GetProperty("pushed").GetBoolean());
        Assert.Equal("kept", repo.Git("show", "main:notes.txt"));
    }
}

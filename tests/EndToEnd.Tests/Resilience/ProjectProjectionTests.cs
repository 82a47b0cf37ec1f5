using System.Diagnostics;
using Aspire.Hosting.ApplicationModel;
using Codewalkers.EndToEnd.Tests.Infrastructure;
using Codewalkers.TestSupport;
using Xunit.Abstractions;

namespace Codewalkers.EndToEnd.Tests.Resilience;

[Collection(CodewalkersAppCollection.Name)]
public sealed class ProjectProjectionTests(CodewalkersApp app, ITestOutputHelper output)
{
    [Fact]
    public async Task A_project_registered_through_the_gateway_appears_in_the_errands_projection()
    {
        using var client = app.CreateClient();
        var repository = GitRepository.In(app.Repositories);

        var project = await client.RegisterProjectAsync(Api.Unique("e2e"), repository.Path);

        var projected = await Eventually.GetAsync(
            client.ErrandProjectsAsync, list => list.Any(p => p.Id == project.Id), TimeSpan.FromSeconds(15));
        var view = Assert.Single(projected, p => p.Id == project.Id);
        Assert.Equal(project.Name, view.Name);
        Assert.Equal(repository.Path, view.Url);
        Assert.Equal("main", view.DefaultBranch);
    }

    [Fact]
    public async Task Projects_registered_while_the_broker_is_down_all_arrive_once_after_it_is_back()
    {
        using var client = app.CreateClient();
        var names = Enumerable.Range(1, 20).Select(i => Api.Unique($"outage{i:00}")).ToArray();

        await app.ExecuteCommandAsync("messaging", KnownResourceCommands.StopCommand);
        var registered = new List<ProjectDto>();
        try
        {
            foreach (var name in names)
                registered.Add(await client.RegisterProjectAsync(name, $"https://example.invalid/{name}.git"));
            await Task.Delay(TimeSpan.FromSeconds(2));
            Assert.DoesNotContain(await client.ErrandProjectsAsync(), p => names.Contains(p.Name));
        }
        finally
        {
            await app.ExecuteCommandAsync("messaging", KnownResourceCommands.StartCommand);
        }

        // "Back" is when the broker accepts connections again; from then on delivery must be prompt.
        using (var brokerStart = new CancellationTokenSource(TimeSpan.FromMinutes(3)))
        {
            await app.App.ResourceNotifications.WaitForResourceHealthyAsync("messaging", brokerStart.Token);
        }
        var back = Stopwatch.StartNew();
        var projected = await Eventually.GetAsync(
            client.ErrandProjectsAsync, list => names.All(n => list.Any(p => p.Name == n)), TimeSpan.FromSeconds(30));
        output.WriteLine(
            $"All {names.Length} projects projected {back.Elapsed.TotalSeconds:0.0} s after the broker was back");

        var missing = registered.Where(r => !projected.Any(p => p.Id == r.Id)).ToList();
        Assert.True(missing.Count == 0,
            $"{missing.Count} of {names.Length} projects never reached errands within 30 s of the broker's return; "
            + $"planning outbox: {await app.PendingOutboxRowsAsync("planning")} rows still unsent.");
        foreach (var project in registered)
        {
            Assert.Single(projected, p => p.Id == project.Id);
        }
    }
}

using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Codewalkers.EndToEnd.Tests.Infrastructure;
using Codewalkers.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Codewalkers.EndToEnd.Tests.Execution;

/// <summary>
/// An initiative executed by the real Codex CLI, through the gateway: the system runs with Agents:DefaultProvider =
/// codex (execution tasks name no provider), every agent talks to the fake Responses API, and the task's commit lands
/// on the project's main branch after its branch merged into the phase.
/// </summary>
public sealed class CodexExecutionTests(CodexApp app) : IClassFixture<CodexApp>
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task A_task_run_by_codex_commits_signals_done_and_its_branch_merges_into_the_phase()
    {
        using var client = app.CreateClient();
        var repo = GitRepository.In(app.Repositories);
        repo.Git("config", "receive.denyCurrentBranch", "updateInstead");
        var project = await client.RegisterProjectAsync(Api.Unique("codex"), repo.Path);
        var run = Api.Unique("run");
        var initiativeId = (await client.PostJsonAsync("/api/initiatives", new
        {
            name = $"Codex {run}", executionMode = "yolo", projectIds = new[] { project.Id }
        })).Str("id");
        var phaseId = (await client.PostJsonAsync("/api/phases", new { initiativeId, name = "Only" })).Str("id");
        var marker = $"exec-codex-{run}";
        var taskId = (await client.PostJsonAsync("/api/tasks", new
        {
            initiativeId, phaseId, name = "Write the greeting", description = $"Write greeting.txt. {marker}"
        })).Str("id");
        app.Codex.Script(marker,
            CodexSteps.Write($"{project.Name}/greeting.txt", "hello from codex\n"),
            CodexSteps.Run($"cd {project.Name} && git add greeting.txt "
                + "&& git -c user.name=agent -c user.email=agent@cw commit -q -m 'Add the greeting'"),
            CodexSteps.Signal(new { status = "done", result = new { message = "Greeting written" } }),
            CodexSteps.Say("Done."));

        await client.PostJsonAsync($"/api/phases/{phaseId}/approve");
        await client.PostJsonAsync($"/api/initiatives/{initiativeId}/execute");

        var task = await Eventually.GetAsync(
            () => client.GetJsonAsync($"/api/tasks/{taskId}"),
            t => t.Str("status") is "completed" or "blocked",
            Patience);
        var assignments = (await client.GetJsonAsync($"/api/initiatives/{initiativeId}/assignments")).Items();
        Assert.True(task.Str("status") == "completed",
            $"task: {task}\nassignments: {string.Join("\n", assignments.Select(a => a.ToString()))}\n"
            + $"fake API: {string.Join("\n", app.Codex.Log)}");
        var agentName = Assert.Single(assignments).Str("agentName");
        var agent = (await client.GetJsonAsync("/api/agents")).Items().Single(a => a.Str("name") == agentName);
        Assert.Equal(("codex", "task_complete"), (agent.Str("provider"), agent.Str("statusReason")));

        // Yolo: the task's branch merged into the phase, the phase into the initiative, which now awaits its review.
        await Eventually.ValueAsync(
            async () => (await client.GetJsonAsync($"/api/initiatives/{initiativeId}")).Str("status"),
            s => s == "pending_review", "the initiative waiting for its final review", Patience);
        await client.PostJsonAsync($"/api/initiatives/{initiativeId}/approve");
        await Eventually.ValueAsync(
            async () => (await client.GetJsonAsync($"/api/initiatives/{initiativeId}")).Str("status"),
            s => s == "completed", "the initiative completed", Patience);
        Assert.Equal("hello from codex\n", await File.ReadAllTextAsync(Path.Combine(repo.Path, "greeting.txt")));
        Assert.Contains("Add the greeting", repo.Git("log", "--format=%s"));
    }
}

/// <summary>
/// The whole system from the real AppHost, as <see cref="CodewalkersApp"/> starts it, but with Codex as the agents'
/// default provider: the real Codex CLI, CODEX_HOME holding a config.toml that names the fake Responses API.
/// </summary>
public sealed class CodexApp : IAsyncLifetime
{
    private DistributedApplication? _app;

    public string CwHome { get; } = Path.Combine(Path.GetTempPath(), $"cw-e2e-codex-{Guid.NewGuid():N}");
    public string Repositories { get; } = Directory.CreateTempSubdirectory("cw-e2e-codex-repos-").FullName;
    public FakeOpenAiResponsesApi Codex { get; private set; } = null!;
    private Uri _gateway = null!;
    private string _token = "";

    public async Task InitializeAsync()
    {
        Codex = await FakeOpenAiResponsesApi.StartAsync();
        var codexHome = Path.Combine(CwHome, "codex-home");
        Codex.WriteCodexConfig(codexHome);
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
            [$"--CW_HOME={CwHome}", $"--Gateway:Port={FreePort()}"]);
        builder.CreateResourceBuilder(builder.Resources.OfType<ProjectResource>().Single(r => r.Name == "agents"))
            .WithEnvironment("Agents__DefaultProvider", "codex")
            .WithEnvironment("Agents__Executables__codex", CodexCli.Path)
            .WithEnvironment("Agents__Environment__CODEX_HOME", codexHome)
            .WithEnvironment($"Agents__Environment__{FakeOpenAiResponsesApi.KeyVariable}", "test-key")
            .WithEnvironment("Agents__PollInterval", "00:00:00.050")
            .WithEnvironment("Agents__RetryBackoff", "00:00:00.200")
            .WithEnvironment("Agents__HungSignalGrace", "00:00:03");
        builder.Services.AddLogging(logging => logging
            .AddFilter("Codewalkers.AppHost.Resources", LogLevel.Warning)
            .AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks", LogLevel.None));
        _app = await builder.BuildAsync();
        using var startup = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await _app.StartAsync(startup.Token);
        await _app.ResourceNotifications.WaitForResourceHealthyAsync("gateway", startup.Token);
        _gateway = _app.GetEndpoint("gateway", "http");
        _token = (await File.ReadAllTextAsync(Path.Combine(CwHome, "token"))).Trim();
        using var client = CreateClient();
        await Eventually.TrueAsync(async () =>
        {
            using var response = await client.GetAsync("/health");
            return await response.Content.ReadAsStringAsync() == "Healthy";
        }, "the system reports Healthy", TimeSpan.FromSeconds(120));
    }

    public HttpClient CreateClient()
    {
        var client = new HttpClient { BaseAddress = _gateway, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _token);
        return client;
    }

    public async Task DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
        if (Codex is not null) await Codex.DisposeAsync();
        foreach (var directory in (string[])[CwHome, Repositories])
        {
            try { Directory.Delete(directory, recursive: true); }
            catch (IOException) { /* a process may still hold a file; the temp dir is cleaned by the OS */ }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

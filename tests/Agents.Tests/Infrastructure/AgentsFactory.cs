using Codewalkers.TestSupport;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Codewalkers.Agents.Apis;
using Codewalkers.Agents.Infrastructure;
using Codewalkers.ServiceDefaults;
using MassTransit;
using MassTransit.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

using AgentStatusNames = Codewalkers.Agents.Domain.AgentStatus;

namespace Codewalkers.Agents.Tests.Infrastructure;

/// <summary>
/// The Agents service in memory with its own temp CW_HOME, the bus replaced by the MassTransit test harness, and agent
/// CLIs pointed at a <see cref="FakeAnthropicApi"/>. The claude executable is the real CLI when installed.
/// </summary>
public class AgentsFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public string Home { get; } = Directory.CreateTempSubdirectory("cw-agents-").FullName;
    public FakeAnthropicApi Api { get; private set; } = null!;

    public ITestHarness Harness => Services.GetRequiredService<ITestHarness>();
    public string Token => File.ReadAllText(Path.Combine(Home, "token")).Trim();

    protected virtual IDictionary<string, string> Settings => new Dictionary<string, string>();

    /// <summary>False: the CLI authenticates as the subscription account whose config dir the service prepares.</summary>
    protected virtual bool UseApiKey => true;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting(CodewalkersHome.ConfigurationKey, Home);
        builder.UseSetting("Agents:Executables:claude", ClaudeCliOrPlaceholder());
        builder.UseSetting("Agents:Environment:ANTHROPIC_BASE_URL", Api.BaseUrl);
        if (UseApiKey)
        {
            builder.UseSetting("Agents:Environment:ANTHROPIC_API_KEY", "test-key");
            builder.UseSetting("Agents:Environment:CLAUDE_CONFIG_DIR", Path.Combine(Home, "claude-config"));
        }
        builder.UseSetting("Agents:PollInterval", "00:00:00.050");
        builder.UseSetting("Agents:RetryBackoff", "00:00:00.100");
        builder.UseSetting("Agents:HungSignalGrace", "00:00:03");
        foreach (var (key, value) in Settings) builder.UseSetting(key, value);
        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        builder.ConfigureTestServices(services =>
        {
            services.AddMassTransitTestHarness();
            services.Configure<TestHarnessOptions>(options => options.TestTimeout = TimeSpan.FromMinutes(10));
        });
    }

    private static string ClaudeCliOrPlaceholder()
    {
        try { return ClaudeCli.Path; }
        catch (InvalidOperationException) { return "claude-cli-not-installed"; }
    }

    public HttpClient CreateAuthorizedClient()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        return client;
    }

    public async Task<T> QueryAsync<T>(Func<AgentsDbContext, Task<T>> query)
    {
        await using var scope = Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<AgentsDbContext>());
    }

    public async Task<AgentResponse> GetAgentAsync(HttpClient client, string id) =>
        (await client.GetFromJsonAsync<AgentResponse>($"/api/agents/{id}"))!;

    /// <summary>
    /// Waits for <paramref name="status"/>; an agent that settles as stopped or crashed instead fails at once, with
    /// its result, exit codes and the tail of its output file (what the CLI printed), so a rare failure explains itself.
    /// </summary>
    public async Task<AgentResponse> WaitForStatusAsync(HttpClient client, string id, string status, TimeSpan? timeout = null)
    {
        var agent = await Eventually.ValueAsync(() => GetAgentAsync(client, id),
            a => a.Status == status || a.Status is AgentStatusNames.Stopped or AgentStatusNames.Crashed,
            $"agent {id} {status}", timeout ?? TimeSpan.FromSeconds(90));
        if (agent.Status != status) Assert.Fail($"Agent {id} ended {agent.Status} ({agent.StatusReason}), not {status}.\n{Describe(agent)}");
        return agent;
    }

    /// <summary>What is known about how an agent ended: record, exit-code files, output file tail, the fake API's log.</summary>
    public string Describe(AgentResponse agent)
    {
        var text = new System.Text.StringBuilder();
        text.AppendLine($"session {agent.SessionNumber}, exit {agent.ExitCode}, result {agent.Result}");
        var logs = Path.Combine(agent.WorktreeId, ".cw", "logs");
        if (Directory.Exists(logs))
            foreach (var file in Directory.GetFiles(logs, "exit-code.*").Order())
                text.AppendLine($"{Path.GetFileName(file)}: {File.ReadAllText(file).Trim()}");
        var output = agent.OutputFilePath ?? Path.Combine(logs, "output.jsonl");
        if (File.Exists(output))
        {
            var content = File.ReadAllText(output);
            text.AppendLine("output (tail):").AppendLine(content.Length > 8000 ? content[^8000..] : content);
        }
        text.AppendLine("fake API (tail):").AppendLine(string.Join("\n", Api.Log.TakeLast(30)));
        return text.ToString();
    }

    /// <summary>The messages of type <typeparamref name="T"/> published so far that match, once at least <paramref name="count"/> have been.</summary>
    public Task<T[]> PublishedAsync<T>(Func<T, bool> match, int count = 1) where T : class =>
        Eventually.ValueAsync(
            () => Task.FromResult(Harness.Published.Select<T>().Select(m => m.Context.Message).Where(match).ToArray()),
            found => found.Length >= count, $"{count} {typeof(T).Name} published", TimeSpan.FromSeconds(30));

    public async Task InitializeAsync()
    {
        Api = await FakeAnthropicApi.StartAsync();
        _ = Server;
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await Api.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(Home, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

/// <summary>No API key: agents run as provider accounts (CLAUDE_CONFIG_DIR per account), as subscription users do.</summary>
public sealed class SubscriptionAgentsFactory : AgentsFactory
{
    protected override bool UseApiKey => false;
}

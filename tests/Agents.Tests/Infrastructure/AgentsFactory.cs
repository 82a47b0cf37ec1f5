using System.Net.Http.Json;
using Codewalkers.Agents.Apis;
using Codewalkers.Agents.Infrastructure;
using Codewalkers.Contracts.Agents;
using Codewalkers.Contracts.Projects;
using Codewalkers.ServiceDefaults;
using Codewalkers.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;


namespace Codewalkers.Agents.Tests.Infrastructure;

/// <summary>
/// The Agents service in memory (TestSupport's <see cref="ServiceFactory{TProgram,TDbContext}"/>: temp CW_HOME, the bus
/// replaced by the MassTransit test harness) with agent CLIs pointed at a <see cref="FakeAnthropicApi"/>. The claude
/// executable is the real CLI when installed.
/// </summary>
public class AgentsFactory() : ServiceFactory<Program, AgentsDbContext>("agents")
{
    public FakeAnthropicApi Api { get; private set; } = null!;

    protected virtual IDictionary<string, string> Settings => new Dictionary<string, string>();

    /// <summary>
    /// False: the CLI authenticates as the subscription account whose config dir the service prepares.
    /// </summary>
    protected virtual bool UseApiKey => true;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
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
        builder.UseSetting("Agents:DeletedProjectSweep", "00:00:00.500");
        // The machine's load comes from every test run sharing it; admission has its own tests (AdmissionTests).
        builder.UseSetting("Agents:Admission:MaxLoadPerCore", "1000");
        foreach (var (key, value) in Settings) builder.UseSetting(key, value);
    }

    private static string ClaudeCliOrPlaceholder()
    {
        try { return ClaudeCli.Path; }
        catch (InvalidOperationException) { return "claude-cli-not-installed"; }
    }

    public async Task<AgentResponse> GetAgentAsync(HttpClient client, string id) =>
        (await client.GetFromJsonAsync<AgentResponse>($"/api/agents/{id}"))!;

    /// <summary>
    /// Waits for <paramref name="status"/>; an agent that settles as stopped or crashed instead fails at once, with its
    /// result, exit codes and the tail of its output file (what the CLI printed), so a rare failure explains itself.
    /// </summary>
    public async Task<AgentResponse> WaitForStatusAsync(
        HttpClient client, string id, string status, TimeSpan? timeout = null)
    {
        var agent = await Eventually.ValueAsync(() => GetAgentAsync(client, id),
            a => a.Status == status || a.Status is AgentStatuses.Stopped or AgentStatuses.Crashed,
            $"agent {id} {status}", timeout ?? TimeSpan.FromSeconds(90));
        if (agent.Status != status)
            Assert.Fail($"Agent {id} ended {agent.Status} ({agent.StatusReason}), not {status}.\n{Describe(agent)}");
        return agent;
    }

    /// <summary>
    /// What is known about how an agent ended: record, exit-code files, output file tail, the fake API's log.
    /// </summary>
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

    /// <summary>
    /// Announces <paramref name="url"/> as a project named <paramref name="prefix"/>-xxxxxx, as Planning would, and
    /// waits until the service knows it. Its clone, once made, is at <see cref="RegisteredProject.ClonePath"/>.
    /// </summary>
    public async Task<RegisteredProject> RegisterProjectAsync(string url, string prefix)
    {
        var id = Ids.New();
        var name = $"{prefix}-{id[..6]}";
        await Harness.Bus.Publish(new ProjectRegistered(id, name, url, "main", 1, DateTimeOffset.UtcNow));
        await Eventually.ValueAsync(
            () => QueryAsync(db => db.Projects.AnyAsync(p => p.Id == id)), known => known, "project view");
        return new RegisteredProject(id, name, Path.Combine(Home, "workspace", "repos", name));
    }

    /// <summary>Sends a command to the service's queue, as Planning does.</summary>
    public async Task SendCommandAsync(object command) =>
        await (await Harness.Bus.GetSendEndpoint(new Uri($"queue:{AgentQueues.Commands}"))).Send(command);

    /// <summary>
    /// The messages of type <typeparamref name="T"/> published so far that match, once at least
    /// <paramref name="count"/> have been.
    /// </summary>
    public Task<T[]> PublishedAsync<T>(Func<T, bool> match, int count = 1) where T : class =>
        Eventually.ValueAsync(
            () => Task.FromResult(Harness.Published.Select<T>().Select(m => m.Context.Message).Where(match).ToArray()),
            found => found.Length >= count, $"{count} {typeof(T).Name} published", TimeSpan.FromSeconds(30));

    public override async Task InitializeAsync()
    {
        Api = await FakeAnthropicApi.StartAsync();
        await base.InitializeAsync();
    }

    protected override ValueTask DisposeResourcesAsync() => Api.DisposeAsync();
}

public sealed record RegisteredProject(string Id, string Name, string ClonePath);

/// <summary>
/// No API key: agents run as provider accounts (CLAUDE_CONFIG_DIR per account), as subscription users do.
/// </summary>
public sealed class SubscriptionAgentsFactory : AgentsFactory
{
    protected override bool UseApiKey => false;
}

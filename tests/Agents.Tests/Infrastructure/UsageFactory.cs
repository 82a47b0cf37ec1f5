using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Codewalkers.Agents.Apis;
using Codewalkers.ServiceDefaults;
using Codewalkers.TestSupport;

namespace Codewalkers.Agents.Tests.Infrastructure;

/// <summary>
/// The Agents service with the real Claude CLI and one more provider, "silent": a shell command that signals done and
/// prints nothing, so its sessions report no usage at all (the prompt is its unused $1: every provider takes one).
/// </summary>
public sealed class UsageFactory : AgentsFactory
{
    private readonly string _providers = Path.Combine(Path.GetTempPath(), $"cw-silent-provider-{Ids.New()}.json");

    public UsageFactory() => File.WriteAllText(_providers, """
        { "providers": { "silent": {
            "executable": "sh",
            "spawnArgs": ["-c", "mkdir -p .cw/output && echo '{\"status\":\"done\",\"result\":{}}' > .cw/output/signal.json", "silent", "{prompt}"],
            "parser": "text", "sessionIdSource": "none" } } }
        """);

    protected override IDictionary<string, string> Settings =>
        new Dictionary<string, string> { ["Agents:ProvidersFile"] = _providers };

    protected override async ValueTask DisposeResourcesAsync()
    {
        File.Delete(_providers);
        await base.DisposeResourcesAsync();
    }
}

/// <summary>The figures a usage test expects, worked out by hand, and the calls it makes.</summary>
public static class UsageScenario
{
    /// <summary>What the tests price the CLI's model at: USD per million tokens of each kind.</summary>
    public static readonly object Price = new { input = 3m, output = 15m, cacheRead = 0.3m, cacheWrite = 3.75m };

    /// <summary>The price table applied by hand.</summary>
    public static decimal Cost(TokenUsage u) =>
        (u.Input * 3m + u.Output * 15m + u.CacheRead * 0.3m + u.CacheWrite * 3.75m) / 1_000_000m;

    public static TokenUsage Times(TokenUsage usage, int requests) => new(usage.Input * requests,
        usage.Output * requests, usage.CacheRead * requests, usage.CacheWrite * requests);

    public static TokenUsage Add(TokenUsage x, TokenUsage y) =>
        new(x.Input + y.Input, x.Output + y.Output, x.CacheRead + y.CacheRead, x.CacheWrite + y.CacheWrite);

    public static void AssertRow(UsageRowResponse row, TokenUsage tokens, int sessions, decimal cost, int unknown) =>
        Assert.Equal(
            ((long?)tokens.Input, (long?)tokens.Output, (long?)tokens.CacheRead, (long?)tokens.CacheWrite, sessions,
                (decimal?)cost, unknown),
            (row.InputTokens, row.OutputTokens, row.CacheReadTokens, row.CacheWriteTokens, row.Sessions, row.CostUsd,
                row.UnknownSessions));

    public static async Task<UsageResponse> UsageAsync(this HttpClient client, string query) =>
        (await client.GetFromJsonAsync<UsageResponse>($"/api/usage?{query}"))!;

    public static async Task<BudgetResponse> SetBudgetAsync(this HttpClient client, string initiative, decimal limit)
    {
        var response = await client.PutAsJsonAsync($"/api/usage/budgets/initiatives/{initiative}",
            new { limitUsd = limit });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<BudgetResponse>())!;
    }

    /// <summary>An execution agent of <paramref name="initiative"/>'s phase-1 on <paramref name="task"/>.</summary>
    public static async Task<AgentResponse> SpawnTaskAgentAsync(this HttpClient client, string marker,
        string initiative, string task, string provider = "claude")
    {
        var response = await client.PostAsJsonAsync("/api/agents", new
        {
            mode = "execute", provider, prompt = $"Scenario {marker}: do the task.", taskId = task,
            phaseId = "phase-1", initiativeId = initiative,
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<AgentResponse>(JsonSerializerOptions.Web))!;
    }
}

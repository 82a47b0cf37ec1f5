using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Codewalkers.Contracts.Agents;
using Codewalkers.Contracts.Errands;
using Codewalkers.Contracts.Projects;
using Codewalkers.Errands.Apis;
using Codewalkers.Errands.Infrastructure;
using Codewalkers.Messaging.Outbox;
using Codewalkers.ServiceDefaults;
using MassTransit.Testing;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Errands.Tests.Infrastructure;

/// <summary>A registered project as the tests use it.</summary>
public sealed record TestProject(string Id, string Name);

/// <summary>
/// What the tests do to the Errands service: through its API as the user, and as the Agents service on the harness
/// (answering the commands the errand sent).
/// </summary>
public sealed class ErrandSteps(ErrandsFactory factory)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    public HttpClient Client { get; } = factory.CreateAuthorizedClient();

    /// <summary>A project Planning announced, whose clone has <paramref name="branches"/> (main when none).</summary>
    public async Task<TestProject> ProjectAsync(params string[] branches)
    {
        var id = Ids.New();
        var name = $"proj-{id[..6].Replace('_', 'x')}";
        await factory.DeliverAsync(new ProjectRegistered(
            id, name, $"https://github.com/codewalkers/{name}.git", "main", 1, DateTimeOffset.UtcNow));
        factory.Agents.SetBranches(id, branches.Length == 0 ? ["main"] : branches);
        return new TestProject(id, name);
    }

    public Task<HttpResponseMessage> PostAsync(object body) => Client.PostAsJsonAsync("/api/errands", body);

    /// <summary>An errand created (201) and its SpawnAgent.</summary>
    public async Task<(ErrandResponse Errand, SpawnAgent Spawn)> StartAsync(
        TestProject project, string description = "Fix the typo in the README", string? baseBranch = null)
    {
        var response = await PostAsync(new { projectId = project.Id, description, baseBranch });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var errand = (await response.Content.ReadFromJsonAsync<ErrandResponse>())!;
        return (errand, await SentAsync<SpawnAgent>(s => s.ErrandId == errand.Id, $"SpawnAgent of {errand.Id}"));
    }

    /// <summary>An errand whose agent has started (its id is agent-&lt;request id&gt;).</summary>
    public async Task<(ErrandResponse Errand, SpawnAgent Spawn, string AgentId)> StartedAsync(TestProject project,
        string description = "Fix the typo in the README")
    {
        var (errand, spawn) = await StartAsync(project, description);
        var agentId = await SpawnedAsync(spawn);
        return (errand, spawn, agentId);
    }

    /// <summary>An errand in review: its agent started, ran and signalled done.</summary>
    public async Task<(ErrandResponse Errand, SpawnAgent Spawn, string AgentId)> InReviewAsync(
        TestProject project, string description = "Fix the typo in the README")
    {
        var (errand, spawn, agentId) = await StartedAsync(project, description);
        await StatusAsync(agentId, spawn, AgentStatuses.Running, version: 2);
        await StatusAsync(agentId, spawn, AgentStatuses.Stopped, version: 3);
        await CompletedAsync(agentId, spawn, SignalOutcomes.Done, "Fixed the typo", version: 3);
        Assert.Equal(ErrandStatuses.PendingReview, (await GetAsync(errand.Id)).Status);
        return (errand, spawn, agentId);
    }

    public async Task<ErrandResponse> GetAsync(string id) =>
        (await Client.GetFromJsonAsync<ErrandResponse>($"/api/errands/{id}"))!;

    public Task<HttpResponseMessage> ActAsync(string id, string action, object? body = null) =>
        Client.PostAsJsonAsync($"/api/errands/{id}/{action}", body ?? new { });

    public async Task<ErrandResponse> AcceptedAsync(string id, string action, object? body = null)
    {
        var response = await ActAsync(id, action, body);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<ErrandResponse>())!;
    }

    // ---- The Agents service's side ----

    public static AgentContext Context(string errandId) => new(null, null, null, errandId);

    public async Task<string> SpawnedAsync(SpawnAgent spawn, string? agentId = null)
    {
        agentId ??= $"agent-{spawn.RequestId}";
        await factory.DeliverAsync(new AgentSpawned(agentId, $"name-{spawn.RequestId[..6]}", spawn.RequestId,
            AgentModes.Errand, "claude", Context(spawn.ErrandId!), 1, DateTimeOffset.UtcNow));
        return agentId;
    }

    public Task StatusAsync(string agentId, SpawnAgent spawn, string to, long version, string reason = "resumed") =>
        factory.DeliverAsync(new AgentStatusChanged(agentId, $"name-{spawn.RequestId[..6]}", "idle", to, reason,
            AgentModes.Errand, Context(spawn.ErrandId!), version, DateTimeOffset.UtcNow));

    public Task CompletedAsync(
        string agentId, SpawnAgent spawn, string outcome, string? summary, long version, Guid? messageId = null) =>
        factory.DeliverAsync(new AgentCompleted(agentId, $"name-{spawn.RequestId[..6]}", spawn.RequestId,
            AgentModes.Errand, Context(spawn.ErrandId!), outcome, summary, [], version, DateTimeOffset.UtcNow),
            messageId ?? Guid.NewGuid());

    /// <summary>Waits for a command the Errands service sent (through its outbox) that matches.</summary>
    public Task<T> SentAsync<T>(Func<T, bool> which, string what) where T : class =>
        Eventually.ValueAsync(
            () => Task.FromResult(factory.Harness.Sent.Select<T>(m => which(m.Context.Message))
                .Select(m => m.Context.Message).FirstOrDefault()),
            m => m is not null, what, Patience)!;

    public IReadOnlyList<T> Sent<T>(Func<T, bool> which) where T : class =>
        [.. factory.Harness.Sent.Select<T>(m => which(m.Context.Message)).Select(m => m.Context.Message)];

    /// <summary>An errand's ErrandStatusChanged events by version, once <paramref name="count"/> came.</summary>
    public Task<IReadOnlyList<ErrandStatusChanged>> StatusChangesAsync(string errandId, int count) =>
        Eventually.ValueAsync<IReadOnlyList<ErrandStatusChanged>>(
            () => Task.FromResult<IReadOnlyList<ErrandStatusChanged>>([.. factory.Harness.Published
                .Select<ErrandStatusChanged>(m => m.Context.Message.ErrandId == errandId)
                .Select(m => m.Context.Message).OrderBy(m => m.Version)]),
            list => list.Count >= count, $"{count} ErrandStatusChanged of {errandId}", Patience);

    /// <summary>Runs a request that must be refused and asserts it wrote nothing and sent nothing.</summary>
    public async Task AssertNothingWrittenAsync(Func<Task> refusedRequest)
    {
        var before = await factory.QueryAsync(CountRowsAsync);
        var spawnsBefore = Sent<SpawnAgent>(_ => true).Count;
        await refusedRequest();
        Assert.Equal(before, await factory.QueryAsync(CountRowsAsync));
        Assert.Equal(spawnsBefore, Sent<SpawnAgent>(_ => true).Count);
    }

    private static async Task<(int Errands, int Outbox)> CountRowsAsync(ErrandsDbContext db) =>
        (await db.Errands.CountAsync(), await db.Set<OutboxMessage>().CountAsync());

    /// <summary>Asserts an RFC 9457 problem with <paramref name="status"/>; returns its body.</summary>
    public static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(text).RootElement;
    }

    /// <summary>Asserts a 400 whose <c>errors</c> name <paramref name="field"/>; returns its message.</summary>
    public static async Task<string> AssertNamesFieldAsync(HttpResponseMessage response, string field)
    {
        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.TryGetProperty("errors", out var errors), $"No 'errors' in {problem}");
        Assert.True(errors.TryGetProperty(field, out var messages), $"'errors' does not name '{field}': {errors}");
        return string.Join(" ", messages.EnumerateArray().Select(m => m.GetString()));
    }
}

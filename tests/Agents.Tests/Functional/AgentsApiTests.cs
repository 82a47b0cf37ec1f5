using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Codewalkers.Agents.Apis;
using Codewalkers.Agents.Tests.Infrastructure;
using Codewalkers.Contracts.Agents;
using Codewalkers.Messaging.Outbox;
using Codewalkers.ServiceDefaults;
using Codewalkers.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Agents.Tests.Functional;

/// <summary>
/// What a caller sees at the HTTP edge and on the command queue, without needing the CLI to finish anything.
/// </summary>
public sealed class AgentsApiTests(AgentsFactory factory) : IClassFixture<AgentsFactory>
{
    private readonly HttpClient _client = factory.CreateAuthorizedClient();

    private async Task<(int Agents, int Outbox)> CountsAsync() => await factory.QueryAsync(async db =>
        (await db.Agents.CountAsync(), await db.Set<OutboxMessage>().CountAsync()));

    public static TheoryData<string, string> BadSpawns => new()
    {
        { """{"mode":"execute"}""", "prompt" },
        { """{"mode":"dance","prompt":"x"}""", "mode" },
        { """{"prompt":"x","provider":"no-such-cli"}""", "provider" },
        {
            """{"prompt":"x","inputFiles":[{"path":"../../etc/passwd","content":"x","isContext":false}]}""",
            "inputFiles"
        },
        { """{"prompt":"x","requiredOutputs":["/abs.json"]}""", "requiredOutputs" },
        {
            """{"prompt":"x","projects":[{"projectId":"p","branch":"","baseBranch":"main","ensureBranches":[]}]}""",
            "projects"
        },
        { """{"prompt": 5}""", "" },
    };

    [Theory]
    [MemberData(nameof(BadSpawns))]
    public async Task Bad_spawn_requests_get_a_problem_naming_the_field_and_write_nothing(string body, string field)
    {
        var before = await CountsAsync();
        var response = await _client.PostAsync(
            "/api/agents", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(field, await response.Content.ReadAsStringAsync());
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task Unknown_agents_are_404_and_answering_an_agent_that_does_not_wait_is_409()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"/api/agents/{Ids.New()}")).StatusCode);
        Assert.Equal(
            HttpStatusCode.NotFound, (await _client.PostAsync($"/api/agents/{Ids.New()}/stop", null)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await _client.GetAsync("/api/agents?status=sleeping")).StatusCode);

        var agent = await SpawnAsync("req-" + Ids.New());
        var answer = await _client.PostAsJsonAsync($"/api/agents/{agent.Id}/answers", new { answer = "yes" });
        Assert.Equal(HttpStatusCode.Conflict, answer.StatusCode);
        var empty = await _client.PostAsJsonAsync($"/api/agents/{agent.Id}/messages", new { message = " " });
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
    }

    [Fact]
    public async Task The_same_request_id_spawns_one_agent_over_http_and_over_the_queue()
    {
        var requestId = "req-" + Ids.New();
        var first = await SpawnAsync(requestId);
        var again = await _client.PostAsJsonAsync("/api/agents", new { requestId, prompt = "other" });
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(first.Id, (await again.Content.ReadFromJsonAsync<AgentResponse>())!.Id);

        var command = new SpawnAgent(requestId, "execute", "again", null, null, null, null, null, [], [], []);
        var endpoint = await factory.Harness.Bus.GetSendEndpoint(new Uri($"queue:{AgentQueues.Commands}"));
        await endpoint.Send(command);
        var queued = new SpawnAgent("req-" + Ids.New(), "plan", "plan it", null, "t9", null, "i9", null, [], [], []);
        await endpoint.Send(queued);
        await endpoint.Send(queued);

        var fromQueue = await Eventually.ValueAsync(
            () => factory.QueryAsync(db => db.Agents.Where(a => a.RequestId == queued.RequestId).ToListAsync()),
            agents => agents.Count > 0, "agent from SpawnAgent");
        await Task.Delay(500);
        Assert.Equal(1, await factory.QueryAsync(db => db.Agents.CountAsync(a => a.RequestId == queued.RequestId)));
        Assert.Equal(1, await factory.QueryAsync(db => db.Agents.CountAsync(a => a.RequestId == requestId)));
        Assert.Equal(("plan", "t9"), (fromQueue[0].Mode, fromQueue[0].TaskId));
        var spawned = await factory.PublishedAsync<AgentSpawned>(m => m.RequestId == queued.RequestId);
        Assert.Equal(fromQueue[0].Name, spawned[0].Name);
    }

    [Fact]
    public async Task The_workspace_holds_the_input_files_manifest_and_prompt()
    {
        var response = await _client.PostAsJsonAsync("/api/agents", new
        {
            prompt = "Work as {AGENT_NAME}.",
            inputFiles = new[]
            {
                new { path = "task.md", content = "id {AGENT_ID}", isContext = false },
                new { path = "context/tasks/t0.md", content = "summary", isContext = true },
            },
        });
        var agent = (await response.Content.ReadFromJsonAsync<AgentResponse>())!;
        var root = Path.Combine(factory.Home, "workspace", "agents", agent.Name);
        Assert.Equal(root, agent.WorktreeId);
        Assert.Equal($"id {agent.Id}", File.ReadAllText(Path.Combine(root, ".cw/input/task.md")));
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(root, ".cw/input/manifest.json")));
        Assert.Equal("task.md", manifest.RootElement.GetProperty("files")[0].GetString());
        Assert.Equal("context/tasks/t0.md", manifest.RootElement.GetProperty("contextFiles")[0].GetString());
        Assert.Equal(agent.Name, manifest.RootElement.GetProperty("agentName").GetString());
        var detail = await factory.GetAgentAsync(_client, agent.Id);
        Assert.StartsWith($"Work as {agent.Name}.", detail.Prompt);
        Assert.StartsWith($"Work as {agent.Name}.", File.ReadAllText(Path.Combine(root, ".cw/PROMPT.md")));
        Assert.Matches("^[a-z]+-[a-z]+(-[0-9]+)?$", agent.Name);
    }

    [Fact]
    public async Task Deleting_a_finished_agent_keeps_its_logs_and_announces_it()
    {
        var agent = await SpawnAsync("req-" + Ids.New());
        // The CLI here is whatever the factory names; wait until the run is over, however it ended.
        var finished = await Eventually.ValueAsync(() => factory.GetAgentAsync(_client, agent.Id),
            a => a.Status is AgentStatuses.Stopped or AgentStatuses.Crashed or AgentStatuses.WaitingForInput,
            "agent finished", TimeSpan.FromSeconds(60));
        if (finished.Status == AgentStatuses.WaitingForInput)
            await _client.PostAsync($"/api/agents/{agent.Id}/stop", null);
        var logsBefore = await _client.GetFromJsonAsync<LogChunkResponse[]>($"/api/agents/{agent.Id}/logs");

        Assert.Equal(HttpStatusCode.OK, (await _client.PostAsync($"/api/agents/{agent.Id}/dismiss", null)).StatusCode);
        var listed = await _client.GetFromJsonAsync<AgentResponse[]>("/api/agents");
        Assert.DoesNotContain(listed!, a => a.Id == agent.Id);
        Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync($"/api/agents/{agent.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"/api/agents/{agent.Id}")).StatusCode);
        var logsAfter = await _client.GetFromJsonAsync<LogChunkResponse[]>($"/api/agents/{agent.Id}/logs");
        Assert.Equal(logsBefore!.Length, logsAfter!.Length);
        Assert.Single(await factory.PublishedAsync<AgentDeleted>(m => m.AgentId == agent.Id));
    }

    [Fact]
    public async Task Account_secrets_are_encrypted_at_rest_and_never_returned()
    {
        const string secret = "sk-ant-oat01-very-secret-token";
        var response = await _client.PostAsJsonAsync("/api/accounts", new
        {
            email = $"dev{Ids.New()[..5]}@example.com",
            credentials = new
            {
                claudeAiOauth = new { accessToken = secret, refreshToken = "r", expiresAt = 4102444800000 },
            },
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.DoesNotContain(secret, await response.Content.ReadAsStringAsync());
        Assert.DoesNotContain(secret, await _client.GetStringAsync("/api/accounts"));
        var stored = await factory.QueryAsync(
            db => db.Accounts.AsNoTracking().Select(a => a.ProtectedCredentials).ToListAsync());
        Assert.All(stored, s => Assert.DoesNotContain(secret, s));
        // The SQLite file as a whole (pages, journal remnants); on PostgreSQL the column read above is the stored form.
        if (!TestPostgres.Enabled)
            Assert.DoesNotContain(secret, File.ReadAllText(Path.Combine(factory.Home, "data", "agents.db")));

        var bad = await _client.PostAsJsonAsync("/api/accounts", new { email = "nope", credentials = "x" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var body = await bad.Content.ReadAsStringAsync();
        Assert.Contains("email", body);
        Assert.Contains("credentials", body);
    }

    [Fact]
    public async Task Every_endpoint_needs_the_token()
    {
        var anonymous = factory.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/agents")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/accounts")).StatusCode);
    }

    private async Task<AgentResponse> SpawnAsync(string requestId)
    {
        var response = await _client.PostAsJsonAsync("/api/agents", new { requestId, prompt = "Say hi." });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<AgentResponse>())!;
    }
}

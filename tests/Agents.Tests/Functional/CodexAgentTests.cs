using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Codewalkers.Agents.Apis;
using Codewalkers.Agents.Tests.Infrastructure;
using Codewalkers.Contracts.Agents;
using Codewalkers.ServiceDefaults;
using Codewalkers.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Agents.Tests.Functional;

/// <summary>
/// The real Codex CLI (codex-cli 0.169.0), driven by the fake Responses API, run by the Agents service: it runs shell
/// commands in its worktree, signals through .cw/output/signal.json, is resumed on the same thread with answers, and
/// its failures are classified like Claude's.
/// </summary>
[Collection(nameof(CodexAgents))]
public sealed class CodexAgentTests(CodexAgentsFactory factory) : TestsWithOrigin(factory)
{
    private readonly FakeOpenAiResponsesApi _model = factory.Codex;

    [Fact]
    public async Task A_codex_agent_commits_in_its_worktree_signals_done_and_completes()
    {
        var projectId = (await Factory.RegisterProjectAsync(Origin.Path, "app")).Id;
        var project = await Factory.QueryAsync(db => db.Projects.SingleAsync(p => p.Id == projectId));
        var marker = $"m-{Ids.New()}";
        _model.Script(marker,
            CodexSteps.Write($"{project.Name}/hello.txt", "hello from codex\n"),
            CodexSteps.Run($"cd {project.Name} && git add hello.txt "
                + "&& git -c user.name=agent -c user.email=agent@cw commit -q -m 'Add hello'"),
            CodexSteps.Signal(new { status = "done", result = new { message = "Added hello.txt" } }),
            CodexSteps.Say("All done."));

        var agent = await SpawnAsync(marker, projectId);
        var done = await Factory.WaitForStatusAsync(Client, agent.Id, AgentStatuses.Stopped);

        Assert.Equal(("codex", AgentReasons.TaskComplete), (done.Provider, done.StatusReason));
        var clone = Path.Combine(Factory.Home, "workspace", "repos", project.Name);
        Assert.Equal("hello from codex", Origin.Git("-C", clone, "show", "cw/codex-task-1:hello.txt"));
        Assert.Equal("Add hello", Origin.Git("-C", clone, "log", "-1", "--format=%s", "cw/codex-task-1"));
        var completed = Assert.Single(await Factory.PublishedAsync<AgentCompleted>(m => m.AgentId == agent.Id));
        Assert.Equal(("done", "Added hello.txt"), (completed.Outcome, completed.Summary));

        // The thread id codex printed, and the usage of its four requests as the fake reported it.
        var session = Assert.Single(
            (await Client.GetFromJsonAsync<AgentsApi.SessionResponse[]>($"/api/agents/{agent.Id}/sessions"))!);
        Assert.Equal((done.SessionId, "done", 0), (session.ProviderSessionId, session.Outcome, session.ExitCode));
        Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-", session.ProviderSessionId);
        Assert.Equal(
            (4L * FakeOpenAiResponsesApi.InputTokensPerResponse, 4L * FakeOpenAiResponsesApi.OutputTokensPerResponse),
            (session.InputTokens, session.OutputTokens));
    }

    [Fact]
    public async Task Questions_wait_and_the_answer_resumes_the_same_codex_thread()
    {
        var marker = $"m-{Ids.New()}";
        _model.Script(marker,
            CodexSteps.Signal(
                new { status = "questions", questions = new[] { new { id = "q1", question = "Which colour?" } } }),
            CodexSteps.Say("Waiting for the answer."),
            CodexSteps.Write("colour.txt", "blue\n"),
            CodexSteps.Signal(new { status = "done", result = new { message = "Used blue" } }),
            CodexSteps.Say("Done."));

        var agent = await SpawnAsync(marker);
        var waiting = await Factory.WaitForStatusAsync(Client, agent.Id, AgentStatuses.WaitingForInput);
        Assert.Equal("Which colour?", waiting.PendingQuestions!.Value[0].GetProperty("question").GetString());
        var answered = await Client.PostAsJsonAsync(
            $"/api/agents/{agent.Id}/answers", new { answers = new Dictionary<string, string> { ["q1"] = "blue" } });
        Assert.Equal(HttpStatusCode.Accepted, answered.StatusCode);

        var done = await Factory.WaitForStatusAsync(Client, agent.Id, AgentStatuses.Stopped);
        Assert.Equal(
            (AgentReasons.TaskComplete, 2, waiting.SessionId), (done.StatusReason, done.SessionNumber, done.SessionId));
        Assert.Equal("blue\n", File.ReadAllText(Path.Combine(done.WorktreeId, "colour.txt")));
        // The resumed CLI sent the first session's turns again: the questions signal it wrote, and its last words.
        var resumed = _model.Requests(marker)[2];
        Assert.Contains("blue", resumed);
        Assert.Contains("Waiting for the answer.", resumed);
        Assert.Contains("function_call_output", resumed);

        // Codex reports the thread's running total; each session records its own share (session 2: three requests).
        var sessions = (await Client.GetFromJsonAsync<AgentsApi.SessionResponse[]>($"/api/agents/{agent.Id}/sessions"))!;
        Assert.Equal(["questions", "done"], sessions.Select(s => s.Outcome));
        Assert.Equal(
            [2L * FakeOpenAiResponsesApi.InputTokensPerResponse, 3L * FakeOpenAiResponsesApi.InputTokensPerResponse],
            sessions.Select(s => s.InputTokens ?? -1));
    }

    [Fact]
    public async Task A_server_error_is_a_crash_retried_on_the_same_thread()
    {
        var marker = $"m-{Ids.New()}";
        _model.Script(marker,
            CodexSteps.Fail(500),
            CodexSteps.Signal(new { status = "done", result = new { message = "after the retry" } }),
            CodexSteps.Say("Done."));

        var agent = await SpawnAsync(marker);
        var done = await Factory.WaitForStatusAsync(Client, agent.Id, AgentStatuses.Stopped);

        Assert.Equal((AgentReasons.TaskComplete, 2), (done.StatusReason, done.SessionNumber));
        var sessions = (await Client.GetFromJsonAsync<AgentsApi.SessionResponse[]>($"/api/agents/{agent.Id}/sessions"))!;
        Assert.Equal([AgentReasons.ProcessCrash, "done"], sessions.Select(s => s.Outcome));
        Assert.Equal(sessions[0].ProviderSessionId, sessions[1].ProviderSessionId);
    }

    [Fact]
    public async Task A_codex_cli_killed_with_sigkill_leaves_the_agent_crashed_as_a_process_crash()
    {
        var marker = $"m-{Ids.New()}";
        _model.Script(marker, CodexSteps.Run("timeout 20 tail -f /dev/null"));
        var agent = await SpawnAsync(marker);
        var running = await Factory.WaitForStatusAsync(Client, agent.Id, AgentStatuses.Running);
        await Eventually.ValueAsync(
            () => Task.FromResult(_model.StepsServed(marker)), n => n >= 1, "the CLI asked for its first step");

        // The npm launcher is node, which runs the native binary as its child on Node < 22 (and replaces itself
        // with it on newer Node): the native codex is the one killed, as the OOM killer would pick it.
        var launcher = ChildProcesses(running.Pid!.Value).Single();
        var native = ChildProcesses(launcher).SingleOrDefault(launcher);
        Process.GetProcessById(native).Kill();

        var crashed = await Factory.WaitForStatusAsync(Client, agent.Id, AgentStatuses.Crashed);
        Assert.Equal((AgentReasons.ProcessCrash, 137), (crashed.StatusReason, crashed.ExitCode));
    }

    private static int[] ChildProcesses(int pid) =>
        [
            .. File.ReadAllText($"/proc/{pid}/task/{pid}/children")
                .Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .Select(int.Parse),
        ];

    private async Task<AgentResponse> SpawnAsync(string marker, string? projectId = null)
    {
        var response = await Client.PostAsJsonAsync("/api/agents", new
        {
            mode = "execute",
            provider = "codex",
            prompt = $"Scenario {marker}: implement the task.",
            taskId = "task-1",
            projects = projectId is null
                ? Array.Empty<object>()
                : [new { projectId, branch = "cw/codex-task-1", baseBranch = "main", ensureBranches = Array.Empty<object>() }],
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<AgentResponse>())!;
    }
}

/// <summary>
/// Two Codex accounts (CODEX_HOME per account: auth.json from the account's credentials, config.toml from the
/// provider's config template); the fake answers the first request with the usage limit the ChatGPT backend sends.
/// </summary>
public sealed class CodexUsageLimitTests(CodexAccountsFactory factory) : IClassFixture<CodexAccountsFactory>
{
    private readonly HttpClient _client = factory.CreateAuthorizedClient();

    [Fact]
    public async Task A_usage_limit_exhausts_the_codex_account_and_the_thread_continues_on_the_next()
    {
        var first = await AddAccountAsync("first@example.com", 0);
        var second = await AddAccountAsync("second@example.com", 1);
        var marker = $"m-{Ids.New()}";
        factory.Codex.Script(marker,
            CodexSteps.Limit(DateTimeOffset.UtcNow.AddHours(2)),
            CodexSteps.Write("after-switch.txt", "continued\n"),
            CodexSteps.Signal(new { status = "done", result = new { message = "continued" } }),
            CodexSteps.Say("Done."));

        var spawned = await _client.PostAsJsonAsync("/api/agents",
            new { provider = "codex", prompt = $"Scenario {marker}." });
        var agent = (await spawned.Content.ReadFromJsonAsync<AgentResponse>())!;
        var done = await factory.WaitForStatusAsync(_client, agent.Id, AgentStatuses.Stopped);

        Assert.Equal((AgentReasons.TaskComplete, second), (done.StatusReason, done.AccountId));
        Assert.Equal("continued\n", File.ReadAllText(Path.Combine(done.WorktreeId, "after-switch.txt")));
        var accounts = await factory.QueryAsync(db => db.Accounts.AsNoTracking().ToDictionaryAsync(a => a.Id));
        Assert.True(accounts[first].IsExhausted);
        Assert.False(accounts[second].IsExhausted);
        var sessions = (await _client.GetFromJsonAsync<AgentsApi.SessionResponse[]>($"/api/agents/{agent.Id}/sessions"))!;
        Assert.Equal([AgentReasons.UsageLimit, "done"], sessions.Select(s => s.Outcome));
        // The thread's transcript (CODEX_HOME/sessions) was carried to the second account, which resumed it.
        Assert.Equal(sessions[0].ProviderSessionId, sessions[1].ProviderSessionId);
        var secondHome = Path.Combine(factory.Home, "accounts", second);
        Assert.Equal("""{"OPENAI_API_KEY":"sk-second@example.com"}""",
            File.ReadAllText(Path.Combine(secondHome, "auth.json")));
        Assert.Contains("wire_api = \"responses\"", File.ReadAllText(Path.Combine(secondHome, "config.toml")));
    }

    private async Task<string> AddAccountAsync(string email, int sortOrder)
    {
        var response = await _client.PostAsJsonAsync("/api/accounts", new
        {
            // Codex's auth.json for an API-key login (a dictionary: the client's camelCase would rename the key).
            email, sortOrder, provider = "codex",
            credentials = new Dictionary<string, string> { ["OPENAI_API_KEY"] = $"sk-{email}" },
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<AccountsApi.AccountResponse>())!.Id;
    }
}

/// <summary>The test classes that share one Agents service running the real Codex CLI.</summary>
[CollectionDefinition(nameof(CodexAgents))]
public sealed class CodexAgents : ICollectionFixture<CodexAgentsFactory>;

/// <summary>
/// The Agents service with the codex executable the real CLI, and a fake Responses API that CODEX_HOME's config.toml
/// names as the model provider. No codex accounts: every agent uses that CODEX_HOME, as a user's own login would.
/// </summary>
public class CodexAgentsFactory : AgentsFactory
{
    public FakeOpenAiResponsesApi Codex { get; private set; } = null!;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        var codexHome = Path.Combine(Home, "codex-home");
        Codex.WriteCodexConfig(codexHome);
        builder.UseSetting("Agents:Executables:codex", CodexCli.Path);
        builder.UseSetting($"Agents:Environment:{FakeOpenAiResponsesApi.KeyVariable}", "test-key");
        ConfigureCodexHome(builder, codexHome);
    }

    protected virtual void ConfigureCodexHome(IWebHostBuilder builder, string codexHome) =>
        builder.UseSetting("Agents:Environment:CODEX_HOME", codexHome);

    public override async Task InitializeAsync()
    {
        Codex = await FakeOpenAiResponsesApi.StartAsync();
        await base.InitializeAsync();
    }

    protected override async ValueTask DisposeResourcesAsync()
    {
        await Codex.DisposeAsync();
        await base.DisposeResourcesAsync();
    }
}

/// <summary>Codex accounts: each account's CODEX_HOME gets the fake's config.toml as the provider's config template.</summary>
public sealed class CodexAccountsFactory : CodexAgentsFactory
{
    protected override void ConfigureCodexHome(IWebHostBuilder builder, string codexHome) =>
        builder.UseSetting("Agents:ConfigTemplates:codex", codexHome);
}

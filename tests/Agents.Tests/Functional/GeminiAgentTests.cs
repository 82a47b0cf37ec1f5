using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Codewalkers.Agents.Apis;
using Codewalkers.Agents.Tests.Infrastructure;
using Codewalkers.Contracts.Agents;
using Codewalkers.ServiceDefaults;
using Codewalkers.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Agents.Tests.Functional;

/// <summary>
/// The real Gemini CLI (@google/gemini-cli 0.61.0), driven by the fake Gemini API, run by the Agents service: it runs
/// shell commands in its worktree, signals through .cw/output/signal.json, is resumed in the same session with answers,
/// and its failures are classified: a spent quota is a usage limit, a rejected key an auth failure, a server error a
/// crash retried, a killed CLI a process crash (not retried).
/// </summary>
[Collection(nameof(GeminiAgents))]
public sealed class GeminiAgentTests(GeminiAgentsFactory factory) : TestsWithOrigin(factory)
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);
    private readonly FakeGeminiApi _model = factory.Gemini;

    [Fact]
    public async Task A_gemini_agent_commits_in_its_worktree_signals_done_and_completes()
    {
        var projectId = (await Factory.RegisterProjectAsync(Origin.Path, "app")).Id;
        var project = await Factory.QueryAsync(db => db.Projects.SingleAsync(p => p.Id == projectId));
        var marker = $"m-{Ids.New()}";
        _model.Script(marker,
            GeminiSteps.Write($"{project.Name}/hello.txt", "hello from gemini\n"),
            GeminiSteps.Run($"cd {project.Name} && git add hello.txt "
                + "&& git -c user.name=agent -c user.email=agent@cw commit -q -m 'Add hello'"),
            GeminiSteps.Signal(new { status = "done", result = new { message = "Added hello.txt" } }),
            GeminiSteps.Say("All done."));

        var agent = await SpawnAsync(marker, projectId);
        var done = await Factory.WaitForStatusAsync(Client, agent.Id, AgentStatuses.Stopped, Patience);

        Assert.Equal(("gemini", AgentReasons.TaskComplete), (done.Provider, done.StatusReason));
        var clone = Path.Combine(Factory.Home, "workspace", "repos", project.Name);
        Assert.Equal("hello from gemini", Origin.Git("-C", clone, "show", "cw/gemini-task-1:hello.txt"));
        Assert.Equal("Add hello", Origin.Git("-C", clone, "log", "-1", "--format=%s", "cw/gemini-task-1"));
        var completed = Assert.Single(await Factory.PublishedAsync<AgentCompleted>(m => m.AgentId == agent.Id));
        Assert.Equal(("done", "Added hello.txt"), (completed.Outcome, completed.Summary));

        // The session id gemini printed, and the usage of its four requests as the fake reported it.
        var session = Assert.Single(await SessionsAsync(agent.Id));
        Assert.Equal((done.SessionId, "done", 0), (session.ProviderSessionId, session.Outcome, session.ExitCode));
        Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-", session.ProviderSessionId);
        Assert.Equal(
            (4L * FakeGeminiApi.InputTokensPerResponse, 4L * FakeGeminiApi.OutputTokensPerResponse),
            (session.InputTokens, session.OutputTokens));
    }

    [Fact]
    public async Task Questions_wait_and_the_answer_resumes_the_same_gemini_session()
    {
        var marker = $"m-{Ids.New()}";
        _model.Script(marker,
            GeminiSteps.Signal(
                new { status = "questions", questions = new[] { new { id = "q1", question = "Which colour?" } } }),
            GeminiSteps.Say("Waiting for the answer."),
            GeminiSteps.Write("colour.txt", "blue\n"),
            GeminiSteps.Signal(new { status = "done", result = new { message = "Used blue" } }),
            GeminiSteps.Say("Done."));

        var agent = await SpawnAsync(marker);
        var waiting = await Factory.WaitForStatusAsync(Client, agent.Id, AgentStatuses.WaitingForInput, Patience);
        Assert.Equal("Which colour?", waiting.PendingQuestions!.Value[0].GetProperty("question").GetString());
        var answered = await Client.PostAsJsonAsync(
            $"/api/agents/{agent.Id}/answers", new { answers = new Dictionary<string, string> { ["q1"] = "blue" } });
        Assert.Equal(HttpStatusCode.Accepted, answered.StatusCode);

        var done = await Factory.WaitForStatusAsync(Client, agent.Id, AgentStatuses.Stopped, Patience);
        Assert.Equal(
            (AgentReasons.TaskComplete, 2, waiting.SessionId), (done.StatusReason, done.SessionNumber, done.SessionId));
        Assert.Equal("blue\n", File.ReadAllText(Path.Combine(done.WorktreeId, "colour.txt")));
        // The resumed CLI sent the first session's turns again: the shell call that wrote the questions, and its last
        // words; then the answer.
        var resumed = _model.Requests(marker)[2];
        Assert.Contains("blue", resumed);
        Assert.Contains("Waiting for the answer.", resumed);
        Assert.Contains("functionResponse", resumed);

        // Gemini reports each session's own usage (session 2: three requests).
        var sessions = await SessionsAsync(agent.Id);
        Assert.Equal(["questions", "done"], sessions.Select(s => s.Outcome));
        Assert.Equal(
            [2L * FakeGeminiApi.InputTokensPerResponse, 3L * FakeGeminiApi.InputTokensPerResponse],
            sessions.Select(s => s.InputTokens ?? -1));
    }

    [Fact]
    public async Task A_spent_daily_quota_is_a_usage_limit_and_with_no_account_to_switch_to_the_agent_crashes_so()
    {
        var marker = $"m-{Ids.New()}";
        _model.Script(marker, GeminiSteps.DailyQuota(), GeminiSteps.Say("must not be asked"));

        var agent = await SpawnAsync(marker);
        var crashed = await Factory.WaitForStatusAsync(Client, agent.Id, AgentStatuses.Crashed, Patience);

        Assert.Equal((AgentReasons.UsageLimit, 1), (crashed.StatusReason, crashed.SessionNumber));
        Assert.Contains("exhausted your daily quota", crashed.Result?.GetRawText());
        Assert.Equal(1, _model.StepsServed(marker));
    }

    [Fact]
    public async Task A_rejected_api_key_is_an_auth_failure_not_retried()
    {
        var marker = $"m-{Ids.New()}";
        _model.Script(marker, GeminiSteps.Unauthorized(), GeminiSteps.Say("must not be asked"));

        var agent = await SpawnAsync(marker);
        var crashed = await Factory.WaitForStatusAsync(Client, agent.Id, AgentStatuses.Crashed, Patience);

        Assert.Equal((AgentReasons.AuthFailure, 1), (crashed.StatusReason, crashed.SessionNumber));
        Assert.Contains("UNAUTHENTICATED", crashed.Result?.GetRawText());
        Assert.Equal(1, _model.StepsServed(marker));
    }

    [Fact]
    public async Task A_server_error_mid_session_is_a_crash_retried_in_the_same_session()
    {
        var marker = $"m-{Ids.New()}";
        _model.Script(marker,
            GeminiSteps.Write("before.txt", "written before the error\n"),
            GeminiSteps.ServerError(),
            GeminiSteps.Signal(new { status = "done", result = new { message = "after the retry" } }),
            GeminiSteps.Say("Done."));

        var agent = await SpawnAsync(marker);
        var done = await Factory.WaitForStatusAsync(Client, agent.Id, AgentStatuses.Stopped, Patience);

        Assert.Equal((AgentReasons.TaskComplete, 2), (done.StatusReason, done.SessionNumber));
        var sessions = await SessionsAsync(agent.Id);
        Assert.Equal([AgentReasons.ProcessCrash, "done"], sessions.Select(s => s.Outcome));
        Assert.Equal(sessions[0].ProviderSessionId, sessions[1].ProviderSessionId);
        // The retry continued the conversation: it carried the first session's shell call.
        Assert.Contains("before.txt", _model.Requests(marker)[2]);
    }

    [Fact]
    public async Task A_server_error_on_the_first_request_leaves_no_session_to_resume_so_the_retry_starts_afresh()
    {
        var marker = $"m-{Ids.New()}";
        _model.Script(marker,
            GeminiSteps.ServerError(),
            GeminiSteps.Signal(new { status = "done", result = new { message = "after a fresh start" } }),
            GeminiSteps.Say("Done."));

        var agent = await SpawnAsync(marker);
        var done = await Factory.WaitForStatusAsync(Client, agent.Id, AgentStatuses.Stopped, Patience);

        Assert.Equal(AgentReasons.TaskComplete, done.StatusReason);
        var sessions = await SessionsAsync(agent.Id);
        // The CLI saves a session only once a request succeeded: the resume is refused ("Error resuming session: No
        // previous sessions found"), and the session after it starts afresh with a new id.
        Assert.Equal(AgentReasons.ProcessCrash, sessions[0].Outcome);
        Assert.Equal("done", sessions[^1].Outcome);
        Assert.NotEqual(sessions[0].ProviderSessionId, sessions[^1].ProviderSessionId);
    }

    [Fact]
    public async Task A_gemini_cli_killed_with_sigkill_leaves_the_agent_crashed_as_a_process_crash()
    {
        var marker = $"m-{Ids.New()}";
        _model.Script(marker, GeminiSteps.Run("timeout 20 tail -f /dev/null"));
        var agent = await SpawnAsync(marker);
        var running = await Factory.WaitForStatusAsync(Client, agent.Id, AgentStatuses.Running);
        await Eventually.ValueAsync(
            () => Task.FromResult(_model.StepsServed(marker)), n => n >= 1, "the CLI asked for its first step",
            Patience);

        // The gemini launcher relaunches itself as a child node process with a larger heap, the one doing the work:
        // it is the one killed, as the OOM killer would pick it. The launcher then exits 1, with no result line.
        var launcher = ChildProcesses(running.Pid!.Value).Single();
        var worker = ChildProcesses(launcher).First();
        Process.GetProcessById(worker).Kill();

        var crashed = await Factory.WaitForStatusAsync(Client, agent.Id, AgentStatuses.Crashed, Patience);
        Assert.Equal((AgentReasons.ProcessCrash, 1, 1), (crashed.StatusReason, crashed.ExitCode, crashed.SessionNumber));
    }

    private static int[] ChildProcesses(int pid) =>
        [
            .. File.ReadAllText($"/proc/{pid}/task/{pid}/children")
                .Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .Select(int.Parse),
        ];

    [Fact]
    public async Task The_providers_list_shows_gemini_installed_and_the_data_only_presets_untested()
    {
        var providers = (await Client.GetFromJsonAsync<JsonElement[]>("/api/providers"))!
            .ToDictionary(p => p.GetProperty("name").GetString()!);

        Assert.True(providers["gemini"].GetProperty("installed").GetBoolean());
        Assert.False(providers["gemini"].GetProperty("untested").GetBoolean());
        Assert.True(providers["cursor"].GetProperty("untested").GetBoolean());
        Assert.Contains("cursor-agent", providers["cursor"].GetProperty("executable").GetString());
    }

    private async Task<AgentsApi.SessionResponse[]> SessionsAsync(string agentId) =>
        (await Client.GetFromJsonAsync<AgentsApi.SessionResponse[]>($"/api/agents/{agentId}/sessions"))!;

    private async Task<AgentResponse> SpawnAsync(string marker, string? projectId = null)
    {
        var response = await Client.PostAsJsonAsync("/api/agents", new
        {
            mode = "execute",
            provider = "gemini",
            prompt = $"Scenario {marker}: implement the task.",
            taskId = "task-1",
            projects = projectId is null
                ? Array.Empty<object>()
                : [new { projectId, branch = "cw/gemini-task-1", baseBranch = "main", ensureBranches = Array.Empty<object>() }],
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<AgentResponse>())!;
    }
}

/// <summary>The test classes that share one Agents service running the real Gemini CLI.</summary>
[CollectionDefinition(nameof(GeminiAgents))]
public sealed class GeminiAgents : ICollectionFixture<GeminiAgentsFactory>;

/// <summary>
/// The Agents service with the gemini executable the real CLI and a fake Gemini API as its base URL
/// (GOOGLE_GEMINI_BASE_URL, an API key, and GEMINI_CLI_HOME holding the settings that select API-key auth). No gemini
/// accounts: every agent uses that GEMINI_CLI_HOME, as a user's own login would.
/// </summary>
public sealed class GeminiAgentsFactory : AgentsFactory
{
    public FakeGeminiApi Gemini { get; private set; } = null!;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        var geminiHome = Path.Combine(Home, "gemini-home");
        Gemini.WriteGeminiSettings(geminiHome);
        builder.UseSetting("Agents:Executables:gemini", GeminiCli.Path);
        builder.UseSetting("Agents:Environment:GEMINI_CLI_HOME", geminiHome);
        foreach (var (name, value) in Gemini.CliEnvironment) builder.UseSetting($"Agents:Environment:{name}", value);
    }

    public override async Task InitializeAsync()
    {
        Gemini = await FakeGeminiApi.StartAsync();
        await base.InitializeAsync();
    }

    protected override async ValueTask DisposeResourcesAsync()
    {
        await Gemini.DisposeAsync();
        await base.DisposeResourcesAsync();
    }
}

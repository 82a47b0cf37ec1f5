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
/// The real OpenCode CLI (opencode-ai 1.18.33), driven by a fake OpenAI-compatible chat-completions API, run by the
/// Agents service: it runs shell commands through its bash tool in its worktree (a git commit), signals done through
/// .cw/output/signal.json, and its per-request usage (cache reads apart) adds up to the session's.
/// </summary>
public sealed class OpenCodeAgentTests(OpenCodeAgentsFactory factory)
    : TestsWithOrigin(factory), IClassFixture<OpenCodeAgentsFactory>
{
    [Fact]
    public async Task An_opencode_agent_commits_in_its_worktree_signals_done_and_reports_its_usage()
    {
        var model = factory.Chat;
        var projectId = (await Factory.RegisterProjectAsync(Origin.Path, "app")).Id;
        var project = await Factory.QueryAsync(db => db.Projects.SingleAsync(p => p.Id == projectId));
        var marker = $"m-{Ids.New()}";
        var usage = new TokenUsage(Input: 400, Output: 25, CacheRead: 1600);
        model.ReportUsage(marker, usage);
        model.Script(marker,
            CodexSteps.Write($"{project.Name}/hello.txt", "hello from opencode\n"),
            CodexSteps.Run($"cd {project.Name} && git add hello.txt "
                + "&& git -c user.name=agent -c user.email=agent@cw commit -q -m 'Add hello'"),
            CodexSteps.Signal(new { status = "done", result = new { message = "Added hello.txt" } }),
            CodexSteps.Say("All done."));

        var response = await Client.PostAsJsonAsync("/api/agents", new
        {
            mode = "execute", provider = "opencode", prompt = $"Scenario {marker}: add hello.txt.",
            taskId = "task-1",
            projects = new[]
            {
                new { projectId, branch = "cw/opencode-task-1", baseBranch = "main", ensureBranches = Array.Empty<object>() },
            },
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var agent = (await response.Content.ReadFromJsonAsync<AgentResponse>(JsonSerializerOptions.Web))!;
        var done = await Factory.WaitForStatusAsync(Client, agent.Id, AgentStatuses.Stopped, TimeSpan.FromMinutes(5));

        Assert.Equal(("opencode", AgentReasons.TaskComplete), (done.Provider, done.StatusReason));
        var clone = Path.Combine(Factory.Home, "workspace", "repos", project.Name);
        Assert.Equal("hello from opencode", Origin.Git("-C", clone, "show", "cw/opencode-task-1:hello.txt"));
        Assert.Equal("Add hello", Origin.Git("-C", clone, "log", "-1", "--format=%s", "cw/opencode-task-1"));
        var completed = Assert.Single(await Factory.PublishedAsync<AgentCompleted>(m => m.AgentId == agent.Id));
        Assert.Equal(("done", "Added hello.txt"), (completed.Outcome, completed.Summary));

        var session = Assert.Single(
            (await Client.GetFromJsonAsync<AgentsApi.SessionResponse[]>($"/api/agents/{agent.Id}/sessions"))!);
        Assert.Equal((done.SessionId, "done"), (session.ProviderSessionId, session.Outcome));
        Assert.StartsWith("ses_", session.ProviderSessionId);
        var requests = model.StepsServed(marker);
        var stored = await Factory.QueryAsync(db => db.Sessions.AsNoTracking().SingleAsync(s => s.AgentId == agent.Id));
        Assert.Equal(((long?)usage.Input * requests, (long?)usage.Output * requests, (long?)usage.CacheRead * requests),
            (stored.InputTokens, stored.OutputTokens, stored.CacheReadTokens));
    }
}

/// <summary>The Agents service with the real OpenCode CLI, its opencode.json pointing at the fake chat API.</summary>
public sealed class OpenCodeAgentsFactory : AgentsFactory
{
    public FakeChatCompletionsApi Chat { get; private set; } = null!;

    /// <summary>
    /// OpenCode takes seconds per step on a busy machine: the CLI is left to end by itself after its signal, so its last
    /// step's usage is printed (not stopped as hung after the 3 s the other tests allow).
    /// </summary>
    protected override IDictionary<string, string> Settings =>
        new Dictionary<string, string> { ["Agents:HungSignalGrace"] = "00:01:00" };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        var config = Chat.WriteOpenCodeConfig(Path.Combine(Home, "opencode"));
        builder.UseSetting("Agents:Executables:opencode", OpenCodeCli.Path);
        builder.UseSetting("Agents:Environment:OPENCODE_CONFIG", config);
    }

    public override async Task InitializeAsync()
    {
        Chat = await FakeChatCompletionsApi.StartAsync();
        await base.InitializeAsync();
    }

    protected override async ValueTask DisposeResourcesAsync()
    {
        await Chat.DisposeAsync();
        await base.DisposeResourcesAsync();
    }
}

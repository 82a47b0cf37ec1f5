using System.Net;
using System.Net.Http.Json;
using Codewalkers.Agents.Apis;
using Codewalkers.Agents.Tests.Infrastructure;
using Codewalkers.Contracts.Agents;
using Codewalkers.ServiceDefaults;
using Codewalkers.TestSupport;
using MassTransit.Testing;

namespace Codewalkers.Agents.Tests.Functional;

/// <summary>
/// The ResumeAgent command (how Collaboration and the inbox resume an agent) with the real Claude CLI, driven by the
/// fake Messages API: the prompt follows the reason, a request id resumes once, a resume it cannot take is refused.
/// </summary>
[Collection(nameof(ClaudeAgents))]
public sealed class ResumeAgentTests(AgentsFactory factory) : TestsWithOrigin(factory)
{
    [Fact]
    public async Task A_stopped_agent_asked_by_other_agents_continues_its_session_with_the_conversation_prompt()
    {
        var marker = $"m-{Ids.New()}";
        Factory.Api.Script(marker,
            Steps.Signal(new { status = "done", result = new { message = "Built it" } }),
            Steps.Say("Done."),
            // The resumed session: keeps the prompt it was given where its completion carries it back.
            workdir => new Reply.Tools(new ToolCall("Bash", new
            {
                command = $"cp {workdir}/.cw/PROMPT.md {workdir}/.cw/output/resume-prompt.md", description = "keep",
            })),
            Steps.Signal(new { status = "done", result = new { message = "Answered" } }),
            Steps.Say("Answered."));
        var agent = await SpawnAsync(marker);
        var stopped = await Factory.WaitForStatusAsync(Client, agent.Id, AgentStatuses.Stopped);

        var requestId = Ids.New();
        await Factory.SendCommandAsync(new ResumeAgent(requestId, agent.Id, ResumeReasons.Conversation));

        var completed = await Factory.PublishedAsync<AgentCompleted>(m => m.AgentId == agent.Id, count: 2);
        var prompt = completed.OrderBy(m => m.Version).Last().Outputs.Single(o => o.Path == "resume-prompt.md");
        Assert.Contains("cw listen --timeout 0", prompt.Content);
        Assert.Contains("cw answer", prompt.Content);
        var done = await Factory.WaitForStatusAsync(Client, agent.Id, AgentStatuses.Stopped);
        Assert.Equal((2, stopped.SessionId), (done.SessionNumber, done.SessionId));

        // The same request again (a new message): consumed, but nothing is resumed a second time.
        await Factory.SendCommandAsync(new ResumeAgent(requestId, agent.Id, ResumeReasons.Conversation));
        await Eventually.TrueAsync(
            () => Task.FromResult(Factory.Harness.Consumed.Select<ResumeAgent>(
                m => m.Context.Message.RequestId == requestId).Count() >= 2), "the repeated request consumed");
        await Task.Delay(500);
        var after = await Factory.GetAgentAsync(Client, agent.Id);
        Assert.Equal((AgentStatuses.Stopped, 2), (after.Status, after.SessionNumber));
        Assert.Empty(
            Factory.Harness.Published.Select<AgentResumeRefused>(m => m.Context.Message.RequestId == requestId));
    }

    [Fact]
    public async Task A_message_resume_continues_the_session_with_the_message()
    {
        var marker = $"m-{Ids.New()}";
        Factory.Api.Script(marker,
            Steps.Signal(new { status = "done", result = new { message = "Built it" } }),
            Steps.Say("Done."),
            workdir => new Reply.Tools(new ToolCall("Bash", new
            {
                command = $"cp {workdir}/.cw/PROMPT.md {workdir}/.cw/output/resume-prompt.md", description = "keep",
            })),
            Steps.Signal(new { status = "done", result = new { message = "Renamed" } }),
            Steps.Say("Done again."));
        var agent = await SpawnAsync(marker);
        await Factory.WaitForStatusAsync(Client, agent.Id, AgentStatuses.Stopped);

        await Factory.SendCommandAsync(new ResumeAgent(Ids.New(), agent.Id, ResumeReasons.Message,
            Message: "Rename the file to greeting.txt."));

        var completed = await Factory.PublishedAsync<AgentCompleted>(m => m.AgentId == agent.Id, count: 2);
        var prompt = completed.OrderBy(m => m.Version).Last().Outputs.Single(o => o.Path == "resume-prompt.md");
        Assert.StartsWith("Rename the file to greeting.txt.", prompt.Content);
    }

    [Fact]
    public async Task A_resume_the_agent_cannot_take_is_refused_with_the_reason()
    {
        var marker = $"m-{Ids.New()}";
        Factory.Api.Script(marker, Steps.Bash("sleep 30"));
        var running = await SpawnAsync(marker);
        await Factory.WaitForStatusAsync(Client, running.Id, AgentStatuses.Running);

        var (busy, unknown, noAnswers) = (Ids.New(), Ids.New(), Ids.New());
        await Factory.SendCommandAsync(new ResumeAgent(busy, running.Id, ResumeReasons.Conversation));
        await Factory.SendCommandAsync(new ResumeAgent(unknown, "nobody", ResumeReasons.Conversation));
        await Factory.SendCommandAsync(new ResumeAgent(noAnswers, running.Id, ResumeReasons.Answers));

        var refused = await Factory.PublishedAsync<AgentResumeRefused>(
            m => m.RequestId == busy || m.RequestId == unknown || m.RequestId == noAnswers, count: 3);
        string Detail(string id) => refused.Single(r => r.RequestId == id).Detail;
        Assert.Contains("only a waiting or stopped agent can be resumed", Detail(busy));
        Assert.Contains("No agent has id 'nobody'", Detail(unknown));
        Assert.Contains("needs answers", Detail(noAnswers));
        Assert.Equal(ResumeReasons.Conversation, refused.Single(r => r.RequestId == busy).Reason);
        Assert.Equal(AgentStatuses.Running, (await Factory.GetAgentAsync(Client, running.Id)).Status);
        await Client.PostAsync($"/api/agents/{running.Id}/stop", null);
    }

    private async Task<AgentResponse> SpawnAsync(string marker)
    {
        var response = await Client.PostAsJsonAsync("/api/agents", new
        {
            mode = "execute",
            prompt = $"Scenario {marker}: implement the task.",
            taskId = "task-1",
            projects = Array.Empty<object>(),
            inputFiles = Array.Empty<object>(),
            requiredOutputs = Array.Empty<string>(),
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<AgentResponse>())!;
    }
}

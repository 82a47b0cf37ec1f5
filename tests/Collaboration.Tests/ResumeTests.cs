using System.Net;
using System.Net.Http.Json;
using Codewalkers.Collaboration.Tests.Infrastructure;
using Codewalkers.Contracts.Agents;
using Codewalkers.ServiceDefaults;
using MassTransit;
using static Codewalkers.Collaboration.Apis.ConversationsApi;

namespace Codewalkers.Collaboration.Tests;

/// <summary>
/// Questions to a stopped agent (its task over, its session kept) resume it through the Agents service, once per agent
/// at a time and once per question; a refused resume, a crash or a second silent stop fail the questions.
/// </summary>
public sealed class ResumeTests(CollaborationFactory factory) : IClassFixture<CollaborationFactory>
{
    private readonly HttpClient _client = factory.CreateAuthorizedClient();

    [Fact]
    public async Task A_question_to_a_stopped_agent_resumes_it_once_for_all_questions_until_it_runs()
    {
        var asker = await factory.SpawnAsync();
        var task = Ids.New();
        var target = await factory.SpawnAsync(taskId: task, status: AgentStatuses.Stopped);

        // By task: a stopped agent is still the one to ask when nobody else works the task.
        var first = await AskAsync(new AskRequest("Which port?", TaskId: task, FromAgentId: asker));
        var second = await AskAsync(new AskRequest("Which host?", ToAgentId: target, FromAgentId: asker));

        var resume = Assert.Single(await ResumesAsync(target, 1));
        Assert.Equal((target, ResumeReasons.Conversation), (resume.AgentId, resume.Reason));
        Assert.Equal(target, first.ToAgentId);
        await Task.Delay(300);
        Assert.Single(Resumes(target));

        // It runs (the resume took), answers one and stops with the other still pending: that one had its resume.
        await factory.ChangeStatusAsync(target, AgentStatuses.Running, 3, task);
        var third = await AskAsync(new AskRequest("Which user?", ToAgentId: target, FromAgentId: asker));
        await factory.ClientFor(target).PostAsJsonAsync(
            $"/api/conversations/{first.Id}/answer", new AnswerRequest("8080"));
        await factory.ChangeStatusAsync(target, AgentStatuses.Stopped, 4, task);

        Assert.Equal(("answered", null), await StateAsync(first.Id));
        Assert.Equal(("failed", $"agent agent-{target[..5]} stopped without answering"), await StateAsync(second.Id));
        // Asked while it ran, never woken for: one more resume, for that question only.
        Assert.Equal(("pending", null), await StateAsync(third.Id));
        Assert.Equal(2, (await ResumesAsync(target, 2)).Count);
    }

    [Fact]
    public async Task Questions_to_running_waiting_or_idle_agents_send_no_resume()
    {
        var asker = await factory.SpawnAsync();
        foreach (var status in new[] { AgentStatuses.Running, AgentStatuses.WaitingForInput, AgentStatuses.Idle })
        {
            var target = await factory.SpawnAsync(status: status);
            await AskAsync(new AskRequest("there?", ToAgentId: target, FromAgentId: asker));
            await Task.Delay(200);
            Assert.Empty(Resumes(target));
        }
    }

    [Fact]
    public async Task A_refused_resume_fails_the_questions_that_counted_on_it_and_the_next_one_asks_again()
    {
        var asker = await factory.SpawnAsync();
        var target = await factory.SpawnAsync(status: AgentStatuses.Stopped);
        var asked = await AskAsync(new AskRequest("Which port?", ToAgentId: target, FromAgentId: asker));
        var resume = Assert.Single(await ResumesAsync(target, 1));
        var waiting = _client.GetFromJsonAsync<ConversationResponse>($"/api/conversations/{asked.Id}?waitSeconds=30");

        await factory.DeliverAsync(
            new AgentResumeRefused(resume.RequestId, target, ResumeReasons.Conversation,
                "Agent 'x' has no session to resume.", DateTimeOffset.UtcNow),
            NewId.NextGuid());

        var seen = await waiting;
        Assert.Equal(
            ("failed", $"agent agent-{target[..5]} could not be resumed: Agent 'x' has no session to resume."),
            (seen!.Status, seen.FailureReason));
        await AskAsync(new AskRequest("Anyone?", ToAgentId: target, FromAgentId: asker));
        Assert.Equal(2, (await ResumesAsync(target, 2)).Count);
    }

    [Fact]
    public async Task A_refusal_for_an_agent_that_runs_anyway_keeps_the_question_waiting()
    {
        var asker = await factory.SpawnAsync();
        var target = await factory.SpawnAsync(status: AgentStatuses.Stopped);
        var asked = await AskAsync(new AskRequest("Which port?", ToAgentId: target, FromAgentId: asker));
        var resume = Assert.Single(await ResumesAsync(target, 1));
        await factory.ChangeStatusAsync(target, AgentStatuses.Running, 3); // resumed by someone else

        await factory.DeliverAsync(
            new AgentResumeRefused(resume.RequestId, target, ResumeReasons.Conversation, "Agent is running.",
                DateTimeOffset.UtcNow),
            NewId.NextGuid());
        Assert.Equal(("pending", null), await StateAsync(asked.Id));

        // It was never woken for this question: when it stops, it is resumed for it.
        await factory.ChangeStatusAsync(target, AgentStatuses.Stopped, 4);
        Assert.Equal(2, (await ResumesAsync(target, 2)).Count);
        Assert.Equal(("pending", null), await StateAsync(asked.Id));
    }

    [Theory]
    [InlineData(AgentStatuses.WaitingForAccount)]
    [InlineData(AgentStatuses.WaitingForCapacity)]
    public async Task A_refusal_for_an_agent_held_to_run_later_keeps_the_question_waiting(string held)
    {
        var asker = await factory.SpawnAsync();
        var target = await factory.SpawnAsync(status: AgentStatuses.Stopped);
        var asked = await AskAsync(new AskRequest("Which port?", ToAgentId: target, FromAgentId: asker));
        var resume = Assert.Single(await ResumesAsync(target, 1));
        // The agent went on but every account is spent (or the machine is full): it runs again later and reads it.
        await factory.ChangeStatusAsync(target, held, 3);

        await factory.DeliverAsync(
            new AgentResumeRefused(resume.RequestId, target, ResumeReasons.Conversation, $"Agent is {held}.",
                DateTimeOffset.UtcNow),
            NewId.NextGuid());

        Assert.Equal(("pending", null), await StateAsync(asked.Id));
    }

    [Fact]
    public async Task A_crash_fails_the_questions_waiting_for_the_agent()
    {
        var asker = await factory.SpawnAsync();
        var target = await factory.SpawnAsync(status: AgentStatuses.Running);
        var asked = await AskAsync(new AskRequest("Which port?", ToAgentId: target, FromAgentId: asker));

        await factory.ChangeStatusAsync(target, AgentStatuses.Crashed, 3);

        Assert.Equal(("failed", $"agent agent-{target[..5]} crashed"), await StateAsync(asked.Id));
        Assert.Empty(Resumes(target));
    }

    private List<ResumeAgent> Resumes(string agentId) =>
        [.. factory.Harness.Sent.Select<ResumeAgent>(m => m.Context.Message.AgentId == agentId)
            .Select(m => m.Context.Message)];

    private async Task<List<ResumeAgent>> ResumesAsync(string agentId, int count)
    {
        await Eventually.TrueAsync(() => Task.FromResult(Resumes(agentId).Count >= count),
            $"{count} ResumeAgent for {agentId}");
        return Resumes(agentId);
    }

    private async Task<(string, string?)> StateAsync(string id)
    {
        var conversation = await _client.GetFromJsonAsync<ConversationResponse>($"/api/conversations/{id}");
        return (conversation!.Status, conversation.FailureReason);
    }

    private async Task<ConversationResponse> AskAsync(AskRequest request)
    {
        var response = await _client.PostAsJsonAsync("/api/conversations", request);
        Assert.True(response.StatusCode == HttpStatusCode.Created,
            $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<ConversationResponse>())!;
    }
}

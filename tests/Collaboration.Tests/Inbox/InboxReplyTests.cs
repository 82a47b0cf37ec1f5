using System.Net;
using System.Net.Http.Json;
using Codewalkers.Collaboration.Apis;
using Codewalkers.Collaboration.Tests.Infrastructure;
using Codewalkers.Contracts.Agents;
using Codewalkers.TestSupport;
using MassTransit;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using static Codewalkers.Collaboration.Apis.MessagesApi;

namespace Codewalkers.Collaboration.Tests.Inbox;

/// <summary>
/// Answering an agent's questions from the inbox: the reply in the item's thread and the ResumeAgent command to the
/// Agents service in one commit; refusals and bad input.
/// </summary>
public sealed class InboxReplyTests(CollaborationFactory factory) : IClassFixture<CollaborationFactory>
{
    private readonly HttpClient _client = factory.CreateAuthorizedClient();

    private async Task<MessageResponse> QuestionItemAsync(PlanFixture plan, params AgentQuestion[] questions)
    {
        await factory.AskAsync(plan, 3, questions.Length > 0 ? questions : [new AgentQuestion("q1", "Which port?")]);
        var items = await _client.GetFromJsonAsync<MessageResponse[]>($"/api/messages?agentId={plan.AgentId}");
        return Assert.Single(items!);
    }

    private async Task<ResumeAgent> SentResumeAsync(string requestId)
    {
        await Eventually.TrueAsync(
            () => Task.FromResult(
                factory.Harness.Sent.Select<ResumeAgent>(m => m.Context.Message.RequestId == requestId).Any()),
            $"ResumeAgent {requestId} sent");
        return factory.Harness.Sent.Select<ResumeAgent>(m => m.Context.Message.RequestId == requestId).First()
            .Context.Message;
    }

    private async Task<ProblemDetails> ProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        Assert.Equal(expected, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<ProblemDetails>())!;
    }

    private Task<int> RowsAsync() => factory.QueryAsync(db => db.Messages.CountAsync());

    [Fact]
    public async Task Answering_by_question_id_adds_the_reply_to_the_thread_and_sends_ResumeAgent_with_the_answers()
    {
        var plan = await factory.PlanAsync();
        var item = await QuestionItemAsync(plan, new AgentQuestion("db", "Which database?", ["SQLite", "Postgres"]),
            new AgentQuestion("port", "Which port?"));

        var response = await _client.PostAsJsonAsync($"/api/messages/{item.Id}/reply",
            new ReplyRequest(Answers: new() { ["db"] = "SQLite", ["port"] = "8080" }));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var thread = (await response.Content.ReadFromJsonAsync<MessageThreadResponse>())!;
        var reply = thread.Message;
        Assert.Equal(("reply", "response", "user", "agent", plan.AgentId, item.Id, "sent"),
            (reply.Kind, reply.Type, reply.SenderType, reply.RecipientType, reply.RecipientId, reply.ParentMessageId,
                reply.Status));
        Assert.Equal("SQLite", reply.Answers!["db"]);
        var resume = await SentResumeAsync(reply.Id);
        Assert.Equal((plan.AgentId, ResumeReasons.Answers, "8080"),
            (resume.AgentId, resume.Reason, resume.Answers!["port"]));

        var shown = (await _client.GetFromJsonAsync<MessageThreadResponse>($"/api/messages/{item.Id}"))!;
        Assert.Equal(("responded", 2), (shown.Message.Status, shown.Thread.Count));
        Assert.Equal([item.Id, reply.Id], shown.Thread.Select(m => m.Id));
        Assert.Equal("Add Stripe", shown.Thread[1].TaskName);
    }

    [Fact]
    public async Task A_body_answers_the_only_question_and_a_second_reply_is_a_409()
    {
        var plan = await factory.PlanAsync();
        var item = await QuestionItemAsync(plan);

        var first = await _client.PostAsJsonAsync($"/api/messages/{item.Id}/reply", new ReplyRequest("8080"));
        first.EnsureSuccessStatusCode();
        var reply = (await first.Content.ReadFromJsonAsync<MessageThreadResponse>())!.Message;
        Assert.Equal("8080", (await SentResumeAsync(reply.Id)).Answers!["q1"]);

        var rows = await RowsAsync();
        var second = await _client.PostAsJsonAsync($"/api/messages/{item.Id}/reply", new ReplyRequest("9090"));
        var problem = await ProblemAsync(second, HttpStatusCode.Conflict);
        Assert.Equal($"Message '{item.Id}' is already responded; its questions are answered once.", problem.Detail);
        Assert.Equal(rows, await RowsAsync());
    }

    [Fact]
    public async Task A_refused_resume_fails_the_reply_with_its_detail_and_reopens_the_item()
    {
        var plan = await factory.PlanAsync();
        var item = await QuestionItemAsync(plan);
        var response = await _client.PostAsJsonAsync($"/api/messages/{item.Id}/reply", new ReplyRequest("8080"));
        var reply = (await response.Content.ReadFromJsonAsync<MessageThreadResponse>())!.Message;

        await factory.DeliverAsync(new AgentResumeRefused(reply.Id, plan.AgentId, ResumeReasons.Answers,
            "Agent 'brave-otter' has no session to resume.", DateTimeOffset.UtcNow), NewId.NextGuid());

        var thread = (await _client.GetFromJsonAsync<MessageThreadResponse>($"/api/messages/{reply.Id}"))!;
        Assert.Equal(("failed", "Agent 'brave-otter' has no session to resume."),
            (thread.Message.Status, thread.Message.StatusReason));
        Assert.Equal(("pending", "Agent 'brave-otter' has no session to resume."),
            (thread.Thread[0].Status, thread.Thread[0].StatusReason));
    }

    [Fact]
    public async Task A_refusal_after_the_agent_moved_on_closes_the_item_instead_of_reopening_it()
    {
        var plan = await factory.PlanAsync();
        var item = await QuestionItemAsync(plan);
        var response = await _client.PostAsJsonAsync($"/api/messages/{item.Id}/reply", new ReplyRequest("8080"));
        var reply = (await response.Content.ReadFromJsonAsync<MessageThreadResponse>())!.Message;
        await factory.AgentStatusAsync(plan, "waiting_for_input", "running", 4, "resumed");

        await factory.DeliverAsync(new AgentResumeRefused(reply.Id, plan.AgentId, ResumeReasons.Answers,
            "Agent 'brave-otter' is running.", DateTimeOffset.UtcNow), NewId.NextGuid());

        var thread = (await _client.GetFromJsonAsync<MessageThreadResponse>($"/api/messages/{item.Id}"))!;
        Assert.Equal(("closed", "failed"), (thread.Thread[0].Status, thread.Thread[1].Status));
    }

    [Fact]
    public async Task Two_replies_racing_for_one_item_resume_the_agent_once()
    {
        var plan = await factory.PlanAsync();
        var item = await QuestionItemAsync(plan);

        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(i =>
            _client.PostAsJsonAsync($"/api/messages/{item.Id}/reply", new ReplyRequest($"port {i}"))));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.Created),
            r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
        Assert.Equal(2, await factory.QueryAsync(db => db.Messages.CountAsync(m => m.Id == item.Id
            || m.ParentMessageId == item.Id)));
    }

    [Fact]
    public async Task An_agent_that_is_no_longer_waiting_is_a_409_and_nothing_is_written()
    {
        var plan = await factory.PlanAsync();
        var item = await QuestionItemAsync(plan);
        // The agent read model knows the agent stopped (the item may still look pending to a client).
        await factory.ChangeStatusAsync(plan.AgentId, "stopped", 4, plan.TaskId, plan.PhaseId);
        var rows = await RowsAsync();
        var sent = factory.Harness.Sent.Select<ResumeAgent>().Count();

        var response = await _client.PostAsJsonAsync($"/api/messages/{item.Id}/reply", new ReplyRequest("8080"));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal(rows, await RowsAsync());
        await Task.Delay(200);
        Assert.Equal(sent, factory.Harness.Sent.Select<ResumeAgent>().Count());
    }

    [Fact]
    public async Task A_notice_takes_no_reply_and_an_unknown_message_is_a_404()
    {
        var plan = await factory.PlanAsync();
        await factory.TaskAsync(plan.TaskId, plan.PhaseId, plan.InitiativeId, "Add Stripe", "completed", 2);
        var notice = Assert.Single((await _client.GetFromJsonAsync<MessageResponse[]>(
            $"/api/messages?taskId={plan.TaskId}"))!);

        var refused = await _client.PostAsJsonAsync($"/api/messages/{notice.Id}/reply", new ReplyRequest("thanks"));
        Assert.Equal($"Message '{notice.Id}' is a task_completed notice; only an agent's questions take a reply.",
            (await ProblemAsync(refused, HttpStatusCode.Conflict)).Detail);

        var missing = await _client.PostAsJsonAsync("/api/messages/nope/reply", new ReplyRequest("x"));
        Assert.Equal("No message has id 'nope'.", (await ProblemAsync(missing, HttpStatusCode.NotFound)).Detail);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync("/api/messages/nope")).StatusCode);
    }

    public static TheoryData<string, string> BadReplies => new()
    {
        { """{"body":"   "}""", "body" },
        { "{}", "body" },
        { """{"answers":{"q9":"x"}}""", "q9" },
        { """{"answers":{"q1":""}}""", "answers.q1" },
        { """{"body":"x","answers":{"q1":"y"}}""", "not both" },
        { "{\"body\":\"" + new string('a', 1024 * 1024) + "\"}", "65536 bytes" },
    };

    [Theory]
    [MemberData(nameof(BadReplies))]
    public async Task Bad_replies_are_a_400_naming_the_problem_and_write_nothing(string json, string named)
    {
        var plan = await factory.PlanAsync();
        var item = await QuestionItemAsync(plan);
        var rows = await RowsAsync();

        var response = await _client.PostAsync($"/api/messages/{item.Id}/reply",
            new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        Assert.Contains(named, (await ProblemAsync(response, HttpStatusCode.BadRequest)).Detail);
        Assert.Equal(rows, await RowsAsync());
        var stored = await _client.GetFromJsonAsync<MessageThreadResponse>($"/api/messages/{item.Id}");
        Assert.Equal(("pending", 1), (stored!.Message.Status, stored.Thread.Count));
    }

    [Fact]
    public async Task Several_questions_answered_with_a_body_are_a_400_asking_for_ids()
    {
        var plan = await factory.PlanAsync();
        var item = await QuestionItemAsync(plan, new AgentQuestion("a", "A?"), new AgentQuestion("b", "B?"));

        var response = await _client.PostAsJsonAsync($"/api/messages/{item.Id}/reply", new ReplyRequest("yes"));

        Assert.Equal("answers: This message asks several questions (a, b): answer them by id.",
            (await ProblemAsync(response, HttpStatusCode.BadRequest)).Detail);
    }

    [Fact]
    public async Task Bad_list_filters_are_a_400()
    {
        var response = await _client.GetAsync("/api/messages?kind=gossip");
        Assert.Contains("'gossip' is not one of", (await ProblemAsync(response, HttpStatusCode.BadRequest)).Detail);
        Assert.Equal(HttpStatusCode.BadRequest, (await _client.GetAsync("/api/messages?limit=0")).StatusCode);
    }
}

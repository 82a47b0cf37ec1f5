using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Codewalkers.Collaboration.Tests.Infrastructure;
using Codewalkers.Contracts.Agents;
using Codewalkers.ServiceDefaults;
using Microsoft.AspNetCore.Mvc;
using static Codewalkers.Collaboration.Apis.ConversationsApi;

namespace Codewalkers.Collaboration.Tests;

/// <summary>Questions between agents: asking, waiting for the answer, listening, answering once.</summary>
public sealed class ConversationTests(CollaborationFactory factory) : IClassFixture<CollaborationFactory>
{
    private readonly HttpClient _client = factory.CreateAuthorizedClient();

    [Fact]
    public async Task A_waiting_asker_gets_the_answer_as_soon_as_it_is_given()
    {
        var (asker, target) = (await factory.SpawnAsync(), await factory.SpawnAsync());
        var asked = await AskAsync(factory.ClientFor(asker), new AskRequest("Which port?", ToAgentId: target));
        Assert.Equal(("pending", asker, target, "initiative-1"),
            (asked.Status, asked.FromAgentId, asked.ToAgentId, asked.InitiativeId));

        var watch = Stopwatch.StartNew();
        var waiting = factory.ClientFor(asker)
            .GetFromJsonAsync<ConversationResponse>($"/api/conversations/{asked.Id}?waitSeconds=30");
        await Task.Delay(300);
        Assert.False(waiting.IsCompleted);
        var answered = await factory.ClientFor(target)
            .PostAsJsonAsync($"/api/conversations/{asked.Id}/answer", new AnswerRequest("8080"));
        answered.EnsureSuccessStatusCode();

        var seen = await waiting;
        Assert.Equal(("answered", "8080"), (seen!.Status, seen.Answer));
        Assert.NotNull(seen.AnsweredAt);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"the wait ended after {watch.Elapsed}");
    }

    [Fact]
    public async Task Next_gives_the_oldest_pending_question_then_waits_and_answers_204()
    {
        var (asker, target) = (await factory.SpawnAsync(), await factory.SpawnAsync());
        var first = await AskAsync(_client, new AskRequest("first?", ToAgentId: target, FromAgentId: asker));
        await AskAsync(_client, new AskRequest("second?", ToAgentId: target, FromAgentId: asker));
        var listener = factory.ClientFor(target);

        var next = await listener.GetFromJsonAsync<ConversationResponse>("/api/conversations/next");
        Assert.Equal(first.Id, next!.Id);

        foreach (var pending in await PendingAsync(target)) await AnswerAsync(listener, pending.Id, "done");
        var watch = Stopwatch.StartNew();
        var none = await listener.GetAsync("/api/conversations/next?waitSeconds=1");
        Assert.Equal(HttpStatusCode.NoContent, none.StatusCode);
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(900), $"answered after {watch.Elapsed}");
    }

    [Fact]
    public async Task A_waiting_listener_gets_a_new_question_as_soon_as_it_is_asked()
    {
        var (asker, target) = (await factory.SpawnAsync(), await factory.SpawnAsync());
        var watch = Stopwatch.StartNew();
        var listening = factory.ClientFor(target)
            .GetFromJsonAsync<ConversationResponse>("/api/conversations/next?waitSeconds=30");
        await Task.Delay(300);

        var asked = await AskAsync(factory.ClientFor(asker), new AskRequest("ready?", ToAgentId: target));

        Assert.Equal(asked.Id, (await listening)!.Id);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"the wait ended after {watch.Elapsed}");
    }

    [Fact]
    public async Task A_question_is_answered_once()
    {
        var (asker, target) = (await factory.SpawnAsync(), await factory.SpawnAsync());
        var asked = await AskAsync(_client, new AskRequest("once?", ToAgentId: target, FromAgentId: asker));
        await AnswerAsync(_client, asked.Id, "yes");

        var again = await _client.PostAsJsonAsync($"/api/conversations/{asked.Id}/answer", new AnswerRequest("no"));

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        var stored = await _client.GetFromJsonAsync<ConversationResponse>($"/api/conversations/{asked.Id}");
        Assert.Equal("yes", stored!.Answer);
    }

    [Fact]
    public async Task Only_the_asked_agent_may_answer_and_an_agent_asks_only_as_itself()
    {
        var (asker, target, other) =
            (await factory.SpawnAsync(), await factory.SpawnAsync(), await factory.SpawnAsync());
        var asked = await AskAsync(factory.ClientFor(asker), new AskRequest("mine?", ToAgentId: target));

        var byOther = await factory.ClientFor(other)
            .PostAsJsonAsync($"/api/conversations/{asked.Id}/answer", new AnswerRequest("me"));
        var forged = await factory.ClientFor(other).PostAsJsonAsync(
            "/api/conversations", new AskRequest("as you", ToAgentId: target, FromAgentId: asker));
        var listenForOther = await factory.ClientFor(other).GetAsync($"/api/conversations/next?toAgentId={target}");

        Assert.Equal(HttpStatusCode.Forbidden, byOther.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, listenForOther.StatusCode);
        Assert.Equal("pending", (await PendingAsync(target)).Single(c => c.Id == asked.Id).Status);
    }

    [Fact]
    public async Task An_agent_lists_only_the_conversations_it_is_part_of()
    {
        var (asker, target, other) =
            (await factory.SpawnAsync(), await factory.SpawnAsync(), await factory.SpawnAsync());
        var asked = await AskAsync(factory.ClientFor(asker), new AskRequest("ours?", ToAgentId: target));

        var seenByTarget = await factory.ClientFor(target)
            .GetFromJsonAsync<ConversationResponse[]>($"/api/conversations?fromAgentId={asker}");
        var seenByOther = await factory.ClientFor(other)
            .GetFromJsonAsync<ConversationResponse[]>($"/api/conversations?fromAgentId={asker}");
        var seenByUser = await _client.GetFromJsonAsync<ConversationResponse[]>(
            $"/api/conversations?fromAgentId={asker}");

        Assert.Equal([asked.Id], seenByTarget!.Select(c => c.Id));
        Assert.Empty(seenByOther!);
        Assert.Equal([asked.Id], seenByUser!.Select(c => c.Id));
    }

    [Fact]
    public async Task A_task_is_asked_through_its_running_agent_before_a_waiting_or_idle_one()
    {
        var task = Ids.New();
        var asker = await factory.SpawnAsync();
        var earlier = DateTimeOffset.UtcNow.AddMinutes(-5);
        await factory.SpawnAsync(taskId: task, status: AgentStatuses.Idle);
        await factory.SpawnAsync(taskId: task, status: AgentStatuses.WaitingForInput);
        var running = await factory.SpawnAsync(taskId: task, status: AgentStatuses.Running, at: earlier);
        await factory.SpawnAsync(taskId: task, status: AgentStatuses.Crashed);

        var asked = await AskAsync(_client, new AskRequest("status?", TaskId: task, FromAgentId: asker));

        Assert.Equal((running, task), (asked.ToAgentId, asked.TaskId));
    }

    [Fact]
    public async Task A_phase_without_a_running_agent_is_asked_through_its_waiting_one_then_the_newest_idle_one()
    {
        var (phase, otherPhase) = (Ids.New(), Ids.New());
        var asker = await factory.SpawnAsync();
        await factory.SpawnAsync(phaseId: phase, status: AgentStatuses.Idle);
        var waiting = await factory.SpawnAsync(phaseId: phase, status: AgentStatuses.WaitingForInput);
        var anHourAgo = DateTimeOffset.UtcNow.AddHours(-1);
        await factory.SpawnAsync(phaseId: otherPhase, status: AgentStatuses.Idle, at: anHourAgo);
        var newestIdle = await factory.SpawnAsync(phaseId: otherPhase, status: AgentStatuses.Idle);

        var toWaiting = await AskAsync(_client, new AskRequest("a?", PhaseId: phase, FromAgentId: asker));
        var toIdle = await AskAsync(_client, new AskRequest("b?", PhaseId: otherPhase, FromAgentId: asker));

        Assert.Equal((waiting, phase), (toWaiting.ToAgentId, toWaiting.PhaseId));
        Assert.Equal(newestIdle, toIdle.ToAgentId);
    }

    [Fact]
    public async Task A_task_nobody_works_is_a_404_naming_the_search()
    {
        var asker = await factory.SpawnAsync();
        var crashed = Ids.New();
        await factory.SpawnAsync(taskId: crashed, status: AgentStatuses.Crashed);

        var response = await _client.PostAsJsonAsync(
            "/api/conversations", new AskRequest("anyone?", TaskId: crashed, FromAgentId: asker));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<ProblemDetails>();
        Assert.Equal(
            $"No agent works task '{crashed}' (looked for running, waiting, idle or stopped agents of that task).",
            problem!.Detail);
    }

    [Theory]
    [InlineData("", "target", null, null)]
    [InlineData("   ", "target", null, null)]
    [InlineData("big", "target", null, null)]
    [InlineData("q?", null, null, null)]
    [InlineData("q?", "target", "task", null)]
    [InlineData("q?", null, "task", "phase")]
    [InlineData("q?", "self", null, null)]
    public async Task Bad_questions_are_400_and_store_nothing(
        string question, string? to, string? task, string? phase)
    {
        var (asker, target) = (await factory.SpawnAsync(), await factory.SpawnAsync());
        var body = new AskRequest(
            question == "big" ? new string('x', 64 * 1024 + 1) : question,
            ToAgentId: to switch { "target" => target, "self" => asker, _ => null },
            TaskId: task, PhaseId: phase);

        var response = await factory.ClientFor(asker).PostAsJsonAsync("/api/conversations", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Empty(await PendingAsync(target));
    }

    [Fact]
    public async Task A_question_of_exactly_64_KiB_is_accepted()
    {
        var (asker, target) = (await factory.SpawnAsync(), await factory.SpawnAsync());
        await AskAsync(factory.ClientFor(asker), new AskRequest(new string('x', 64 * 1024), ToAgentId: target));
    }

    [Fact]
    public async Task The_api_token_must_name_the_asker_and_unknown_ids_are_404()
    {
        var target = await factory.SpawnAsync();

        var anonymous = await _client.PostAsJsonAsync("/api/conversations", new AskRequest("who?", ToAgentId: target));
        var unknownTarget = await _client.PostAsJsonAsync(
            "/api/conversations", new AskRequest("hello?", ToAgentId: "nobody", FromAgentId: target));
        var unknownConversation = await _client.GetAsync("/api/conversations/nothing");
        var emptyAnswer = await _client.PostAsJsonAsync("/api/conversations/nothing/answer", new AnswerRequest(""));
        var longWait = await _client.GetAsync($"/api/conversations/next?toAgentId={target}&waitSeconds=61");

        Assert.Equal(HttpStatusCode.BadRequest, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownTarget.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownConversation.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, emptyAnswer.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, longWait.StatusCode);
    }

    [Fact]
    public async Task An_empty_answer_is_400()
    {
        var (asker, target) = (await factory.SpawnAsync(), await factory.SpawnAsync());
        var asked = await AskAsync(_client, new AskRequest("q?", ToAgentId: target, FromAgentId: asker));

        var response = await _client.PostAsJsonAsync($"/api/conversations/{asked.Id}/answer", new AnswerRequest(" "));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Deleting_an_agent_fails_the_questions_waiting_for_it_and_its_waiting_askers_see_it()
    {
        var (asker, target) = (await factory.SpawnAsync(), await factory.SpawnAsync());
        var asked = await AskAsync(_client, new AskRequest("still there?", ToAgentId: target, FromAgentId: asker));
        var waiting = _client.GetFromJsonAsync<ConversationResponse>($"/api/conversations/{asked.Id}?waitSeconds=30");

        await factory.DeleteAsync(target, version: 2);

        var seen = await waiting;
        Assert.Equal(("failed", $"agent agent-{target[..5]} was deleted"), (seen!.Status, seen.FailureReason));
        var again = await _client.PostAsJsonAsync(
            "/api/conversations", new AskRequest("hello?", ToAgentId: target, FromAgentId: asker));
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
    }

    private static async Task<ConversationResponse> AskAsync(HttpClient client, AskRequest request)
    {
        var response = await client.PostAsJsonAsync("/api/conversations", request);
        Assert.True(
            response.StatusCode == HttpStatusCode.Created,
            $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<ConversationResponse>())!;
    }

    private static async Task AnswerAsync(HttpClient client, string id, string answer) =>
        (await client.PostAsJsonAsync($"/api/conversations/{id}/answer", new AnswerRequest(answer)))
        .EnsureSuccessStatusCode();

    private async Task<ConversationResponse[]> PendingAsync(string toAgentId) =>
        (await _client.GetFromJsonAsync<ConversationResponse[]>(
            $"/api/conversations?toAgentId={toAgentId}&status=pending"))!;
}

using System.Net;
using System.Net.Http.Json;
using Codewalkers.Collaboration.Apis;
using Codewalkers.Collaboration.Tests.Infrastructure;
using Codewalkers.Contracts.Chat;
using Codewalkers.ServiceDefaults;

namespace Codewalkers.Collaboration.Tests.Chat;

/// <summary>Reverting a reply's change set through Planning, and Planning's refusals relayed.</summary>
public sealed class ChatRevertTests(CollaborationFactory factory) : IClassFixture<CollaborationFactory>
{
    private readonly ChatDriver _chat = new(factory);

    /// <summary>A session whose agent answered with <paramref name="changeSetId"/>; returns the reply.</summary>
    private async Task<(string SessionId, ChatMessageResponse Reply)> AnsweredAsync(string? changeSetId)
    {
        var plan = await _chat.PlanAsync();
        var session = await _chat.OpenAsync("phase", plan.PhaseId);
        var turn = (await _chat.SayAsync(session.Id, "Drop the Stripe task.")).Messages![^1].Id;
        var changes = changeSetId is null ? [] : new[] { new ChatChange("task", plan.TaskId, "delete", "Add Stripe") };
        await _chat.CompletedAsync(session.Id, turn, Ids.New(), changeSetId is null ? "Nothing to do." : "Dropped it.",
            changeSetId, changes);
        return (session.Id, (await _chat.GetAsync(session.Id)).Messages![^1]);
    }

    private Task<HttpResponseMessage> RevertAsync(string sessionId, string messageId) =>
        _chat.PostAsync($"{sessionId}/messages/{messageId}/revert");

    [Fact]
    public async Task Reverting_asks_Planning_marks_the_message_reverted_and_says_so_in_the_chat()
    {
        var changeSet = Ids.New();
        var (sessionId, reply) = await AnsweredAsync(changeSet);
        factory.Planning.SetRevertOk(changeSet);

        var response = await RevertAsync(sessionId, reply.Id);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reverted = (await response.Content.ReadFromJsonAsync<ChatMessageResponse>())!;
        Assert.Equal((reply.Id, true), (reverted.Id, reverted.Reverted));
        Assert.Contains($"POST /api/change-sets/{changeSet}/revert", factory.Planning.Requests);
        var session = await _chat.GetAsync(sessionId);
        Assert.True(session.Messages!.Single(m => m.Id == reply.Id).Reverted);
        Assert.Equal(("system", $"Reverted change set {changeSet}, undoing: delete task 'Add Stripe' "
            + $"({reverted.Changes[0].EntityId})."),
            (session.Messages![^1].Role, session.Messages[^1].Content));

        var again = await ChatDriver.ProblemAsync(await RevertAsync(sessionId, reply.Id), HttpStatusCode.Conflict);
        Assert.Contains("already reverted", again.Detail);
        Assert.Single(factory.Planning.Requests, r => r == $"POST /api/change-sets/{changeSet}/revert");
    }

    [Fact]
    public async Task A_reply_without_a_change_set_has_nothing_to_revert()
    {
        var (sessionId, reply) = await AnsweredAsync(null);

        var problem = await ChatDriver.ProblemAsync(await RevertAsync(sessionId, reply.Id), HttpStatusCode.Conflict);

        Assert.Contains("no change set to revert", problem.Detail);
        var userMessage = (await _chat.GetAsync(sessionId)).Messages![0];
        await ChatDriver.ProblemAsync(await RevertAsync(sessionId, userMessage.Id), HttpStatusCode.Conflict);
        await ChatDriver.ProblemAsync(await RevertAsync(sessionId, Ids.New()), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_stale_change_set_is_a_409_with_Plannings_detail_and_nothing_changes()
    {
        var changeSet = Ids.New();
        var (sessionId, reply) = await AnsweredAsync(changeSet);
        factory.Planning.SetRevertProblem(changeSet, HttpStatusCode.Conflict,
            "Change set is stale: task 'Add Stripe' was changed later by change set 'abc'.");

        var problem = await ChatDriver.ProblemAsync(await RevertAsync(sessionId, reply.Id), HttpStatusCode.Conflict);

        Assert.Contains("Change set is stale: task 'Add Stripe' was changed later by change set 'abc'.",
            problem.Detail);
        var session = await _chat.GetAsync(sessionId);
        Assert.False(session.Messages!.Single(m => m.Id == reply.Id).Reverted);
        Assert.Equal(2, session.Messages!.Count);
    }
}

using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.ServerSentEvents;
using System.Text.Json;
using Codewalkers.Collaboration.Tests.Infrastructure;
using static Codewalkers.Collaboration.Apis.ConversationsApi;

namespace Codewalkers.Collaboration.Tests;

/// <summary>GET /api/conversations/stream: the pending questions first, then each new one as it is asked.</summary>
public sealed class ConversationStreamTests(CollaborationFactory factory) : IClassFixture<CollaborationFactory>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly HttpClient _client = factory.CreateAuthorizedClient();

    [Fact]
    public async Task The_stream_sends_what_is_pending_then_says_it_listens_then_sends_each_new_question_once()
    {
        var (asker, target) = (await factory.SpawnAsync(), await factory.SpawnAsync());
        var old = await AskAsync("first?", asker, target);
        var answered = await AskAsync("gone?", asker, target);
        (await _client.PostAsJsonAsync($"/api/conversations/{answered.Id}/answer", new AnswerRequest("yes")))
            .EnsureSuccessStatusCode();

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var response = await OpenAsync(factory.ClientFor(target), "/api/conversations/stream", timeout.Token);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        await using var events = SseParser.Create(await response.Content.ReadAsStreamAsync(timeout.Token))
            .EnumerateAsync(timeout.Token).GetAsyncEnumerator();

        var first = await NextAsync(events);
        Assert.Equal(("conversation", old.Id), (first.EventType, first.EventId));
        Assert.Equal("first?", JsonSerializer.Deserialize<ConversationResponse>(first.Data, Json)!.Question);
        var listening = await NextAsync(events);
        Assert.Equal(("listening", """{"pending":1}"""), (listening.EventType, listening.Data));

        var watch = Stopwatch.StartNew();
        var asked = await AskAsync("second?", asker, target);
        var live = await NextAsync(events);
        Assert.Equal(("conversation", asked.Id), (live.EventType, live.EventId));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), $"the new question came after {watch.Elapsed}");

        // Nothing is sent twice: the next event is the next question, not the first one again.
        var third = await AskAsync("third?", asker, target);
        Assert.Equal(third.Id, (await NextAsync(events)).EventId);
    }

    [Fact]
    public async Task An_agent_streams_only_its_own_questions_and_the_api_token_names_the_agent()
    {
        var (agent, other) = (await factory.SpawnAsync(), await factory.SpawnAsync());

        var foreign = await factory.ClientFor(agent).GetAsync($"/api/conversations/stream?toAgentId={other}");
        var unnamed = await _client.GetAsync("/api/conversations/stream");

        Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, unnamed.StatusCode);
        Assert.Equal("application/problem+json", unnamed.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_person_streams_any_agents_questions()
    {
        var (asker, target) = (await factory.SpawnAsync(), await factory.SpawnAsync());
        var asked = await AskAsync("port?", asker, target);

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var response = await OpenAsync(_client, $"/api/conversations/stream?toAgentId={target}", timeout.Token);
        await using var events = SseParser.Create(await response.Content.ReadAsStreamAsync(timeout.Token))
            .EnumerateAsync(timeout.Token).GetAsyncEnumerator();

        Assert.Equal(asked.Id, (await NextAsync(events)).EventId);
    }

    private static async Task<HttpResponseMessage> OpenAsync(HttpClient client, string path, CancellationToken ct)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        response.EnsureSuccessStatusCode();
        return response;
    }

    private static async Task<SseItem<string>> NextAsync(IAsyncEnumerator<SseItem<string>> events)
    {
        Assert.True(await events.MoveNextAsync(), "the stream ended");
        return events.Current;
    }

    private async Task<ConversationResponse> AskAsync(string question, string from, string to)
    {
        var response = await _client.PostAsJsonAsync(
            "/api/conversations", new AskRequest(question, ToAgentId: to, FromAgentId: from));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<ConversationResponse>())!;
    }
}

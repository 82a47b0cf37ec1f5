using System.Net.Http.Json;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Codewalkers.Web.Api;

/// <summary>
/// The HTTP API behind the gateway, as the web app uses it: the same routes `cw` and any script use, with the API
/// token added on the server side (the browser never sees it). Errors become <see cref="ApiProblem"/>s the page
/// shows as they are. Nothing is retried behind the user's back: a click does one thing once.
/// </summary>
public sealed class GatewayApi(IHttpClientFactory clients)
{
    public const string Client = "gateway";
    public const string StreamClient = "gateway-stream";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<T> GetAsync<T>(string path, CancellationToken cancellationToken = default) =>
        (await SendAsync<T>(HttpMethod.Get, path, null, cancellationToken))!;

    public Task<T?> PostAsync<T>(string path, object? body, CancellationToken cancellationToken = default) =>
        SendAsync<T>(HttpMethod.Post, path, body ?? new { }, cancellationToken);

    public Task PostAsync(string path, object? body = null, CancellationToken cancellationToken = default) =>
        SendAsync<JsonElement>(HttpMethod.Post, path, body ?? new { }, cancellationToken);

    public Task<T?> PatchAsync<T>(string path, object body, CancellationToken cancellationToken = default) =>
        SendAsync<T>(HttpMethod.Patch, path, body, cancellationToken);

    public Task<T?> PutAsync<T>(string path, object body, CancellationToken cancellationToken = default) =>
        SendAsync<T>(HttpMethod.Put, path, body, cancellationToken);

    public Task DeleteAsync(string path, CancellationToken cancellationToken = default) =>
        SendAsync<JsonElement>(HttpMethod.Delete, path, null, cancellationToken);

    /// <summary>A plain-text GET whose status is part of the answer (the health probe).</summary>
    public async Task<(int Status, string Body)> GetTextAsync(string path, CancellationToken cancellationToken = default)
    {
        using var response = await ReachAsync(
            new HttpRequestMessage(HttpMethod.Get, path), Client, HttpCompletionOption.ResponseContentRead,
            cancellationToken);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
    }

    public async Task<T?> SendAsync<T>(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = JsonContent.Create(body, options: Json);
        using var response = await ReachAsync(request, Client, HttpCompletionOption.ResponseContentRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
            throw await ApiProblem.ReadAsync(response, $"{method} {path}", cancellationToken);
        if (response.Content.Headers.ContentLength == 0 || response.StatusCode == System.Net.HttpStatusCode.NoContent)
            return default;
        return await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken);
    }

    /// <summary>
    /// A server-sent event stream (agent output, the activity feed) until the server ends it or the caller stops;
    /// <paramref name="lastEventId"/> resumes after what was already seen; <paramref name="connected"/> runs once the
    /// stream is open (a quiet stream sends only keep-alive comments, which are not items).
    /// </summary>
    public async IAsyncEnumerable<SseItem<string>> StreamAsync(
        string path,
        string? lastEventId,
        [EnumeratorCancellation] CancellationToken cancellationToken,
        Action? connected = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd("text/event-stream");
        if (lastEventId is not null) request.Headers.TryAddWithoutValidation("Last-Event-ID", lastEventId);
        using var response = await ReachAsync(
            request, StreamClient, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
            throw await ApiProblem.ReadAsync(response, $"GET {path}", cancellationToken);
        connected?.Invoke();
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        await foreach (var item in SseParser.Create(body).EnumerateAsync(cancellationToken)) yield return item;
    }

    private async Task<HttpResponseMessage> ReachAsync(
        HttpRequestMessage request, string client, HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        try
        {
            return await clients.CreateClient(client).SendAsync(request, completion, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw new ApiProblem(503, "The gateway cannot be reached", ex.Message);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ApiProblem(504, "The gateway did not answer in time", $"{request.Method} {request.RequestUri}");
        }
    }
}

using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Codewalkers.Cli.Core;

/// <summary>
/// The HTTP API behind the gateway, as `cw` uses it: JSON in and out, and every error turned into a
/// <see cref="CliException"/> whose one line says what went wrong and whose exit code says what kind.
/// </summary>
public sealed class GatewayClient(HttpClient http, Connection connection)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public Uri ApiUrl => connection.ApiUrl;

    public Task<JsonElement> GetAsync(string path, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, path, null, cancellationToken);

    public Task<JsonElement> PostAsync(string path, object? body, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, path, body ?? new { }, cancellationToken);

    public Task<JsonElement> PatchAsync(string path, object body, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Patch, path, body, cancellationToken);

    public Task<JsonElement> PutAsync(string path, object body, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Put, path, body, cancellationToken);

    public Task<JsonElement> DeleteAsync(string path, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Delete, path, null, cancellationToken);

    /// <summary>A plain-text GET (the health probe) whose status is part of the answer, not an error.</summary>
    public async Task<(int Status, string Body)> GetTextAsync(string path, CancellationToken cancellationToken)
    {
        using var request = NewRequest(HttpMethod.Get, path);
        using var response = await ReachAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
    }

    /// <summary>One request; the answer's JSON body, or an undefined element for an empty (204) answer.</summary>
    public async Task<JsonElement> SendAsync(
        HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var request = NewRequest(method, path);
        if (body is not null) request.Content = JsonContent.Create(body, options: Json);
        using var response = await SendRawAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (string.IsNullOrWhiteSpace(text)) return default;
        try
        {
            return JsonDocument.Parse(text).RootElement.Clone();
        }
        catch (JsonException)
        {
            throw new CliException(ExitCodes.Failure,
                $"{method} {path} answered {(int)response.StatusCode} with a body that is not JSON.");
        }
    }

    /// <summary>A request with the token.</summary>
    private HttpRequestMessage NewRequest(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, new Uri(connection.ApiUrl, path.TrimStart('/')));
        if (connection.Token is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", connection.Token);
        return request;
    }

    /// <summary>
    /// Opens a server-sent event stream (agent output, questions, the activity feed) and yields its events until the
    /// server ends it; <paramref name="connected"/> runs once the answer's headers have come.
    /// </summary>
    public async IAsyncEnumerable<SseItem<string>> StreamAsync(
        string path, Action connected, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var request = NewRequest(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd("text/event-stream");
        using var response = await SendRawAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        connected();
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        await foreach (var item in SseParser.Create(body).EnumerateAsync(cancellationToken)) yield return item;
    }

    /// <summary>Sends; a failed answer or an unreachable gateway becomes a <see cref="CliException"/>.</summary>
    private async Task<HttpResponseMessage> SendRawAsync(
        HttpRequestMessage request, HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        var response = await ReachAsync(request, completion, cancellationToken);
        if (response.IsSuccessStatusCode) return response;
        using (response) throw await ProblemAsync(request, response, cancellationToken);
    }

    /// <summary>Sends; any answer is returned, and only a gateway that cannot be reached is an error.</summary>
    private async Task<HttpResponseMessage> ReachAsync(
        HttpRequestMessage request, HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        try
        {
            return await http.SendAsync(request, completion, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw Unreachable(
                e.HttpRequestError == HttpRequestError.ConnectionError ? "connection refused" : e.Message);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw Unreachable("no answer in time");
        }
    }

    private CliException Unreachable(string why) => new(ExitCodes.Unreachable,
        $"Cannot reach Codewalkers at {connection.ApiUrl} ({why}). Start it with ./run.sh in the Codewalkers " +
        "repository, or point --api / CW_API_URL at a running gateway.");

    private async Task<CliException> ProblemAsync(
        HttpRequestMessage request, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        var problem = await Problem.ReadAsync(response, cancellationToken);
        var line = problem?.OneLine() ?? $"{request.Method} {request.RequestUri?.AbsolutePath} answered {status} " +
            $"{response.ReasonPhrase}.";
        if (response.StatusCode == HttpStatusCode.Unauthorized)
            line += connection.Token is null
                ? $" No token: set CW_TOKEN or start the system once so that {connection.TokenSource} exists."
                : $" (token from {connection.TokenSource})";
        return new CliException(ExitCodes.ForStatus(status), line);
    }
}

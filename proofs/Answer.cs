using System.Net.Http.Headers;
using System.Text.Json;

namespace Codewalkers.Proofs;

/// <summary>A response as the checks need it: status, media type, headers and body text (or why none came).</summary>
public sealed record Answer(int Status, string? MediaType, HttpResponseHeaders? Headers, string Body, string? Failure)
{
    public static Answer NoAnswer(string why) => new(0, null, null, "", why);

    public bool IsServerError => Status is 0 or >= 500;

    /// <summary>application/problem+json with a title and the status, as RFC 9457 and the house rules ask.</summary>
    public bool IsProblemDetails
    {
        get
        {
            if (MediaType != "application/problem+json") return false;
            try
            {
                using var json = JsonDocument.Parse(Body);
                return json.RootElement.ValueKind == JsonValueKind.Object
                    && json.RootElement.TryGetProperty("title", out var title) && title.ValueKind == JsonValueKind.String
                    && json.RootElement.TryGetProperty("status", out var status)
                    && status.ValueKind == JsonValueKind.Number && status.GetInt32() == Status;
            }
            catch (JsonException) { return false; }
        }
    }

    /// <summary>Text only a .NET stack trace or exception dump would hold.</summary>
    public bool HasStackTrace =>
        Body.Contains("   at ", StringComparison.Ordinal) || Body.Contains("Exception:", StringComparison.Ordinal);

    public string? Header(string name) =>
        Headers is not null && Headers.TryGetValues(name, out var values) ? string.Join(", ", values) : null;

    public override string ToString() => Status == 0 ? $"no answer ({Failure})" : $"{Status} {MediaType}";

    /// <summary>
    /// Sends and reads the body; with <paramref name="headersOnly"/>, a stream (SSE) is read for its headers only. Every body read is handed to <paramref name="seen"/> for the secrets sweep.
    /// </summary>
    public static async Task<Answer> SendAsync(
        HttpClient client, HttpRequestMessage request, Action<string>? seen, bool headersOnly = false)
    {
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            var mediaType = response.Content.Headers.ContentType?.MediaType;
            var body = headersOnly && mediaType == "text/event-stream"
                ? ""
                : await response.Content.ReadAsStringAsync();
            seen?.Invoke(body);
            return new Answer((int)response.StatusCode, mediaType, response.Headers, body, null);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
        {
            return NoAnswer(ex.GetType().Name + ": " + ex.Message);
        }
    }

    public static HttpRequestMessage Request(HttpMethod method, string path, string? bearer, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        if (bearer is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        return request;
    }

}

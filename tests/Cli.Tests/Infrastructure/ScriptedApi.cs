using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace Codewalkers.Cli.Tests.Infrastructure;

/// <summary>
/// Stands in for the gateway: answers "METHOD /path" (query included) with a scripted status and JSON body, records
/// every request (with its body) for assertions, and answers 404 ProblemDetails to anything unscripted.
/// </summary>
public sealed class ScriptedApi : HttpMessageHandler
{
    private readonly ConcurrentDictionary<string, Func<HttpRequestMessage, (int Status, string Body)>> _answers = new();

    public List<(string Request, string? Body, string? Authorization)> Requests { get; } = [];

    public ScriptedApi On(string request, int status, string body) => On(request, _ => (status, body));

    public ScriptedApi On(string request, Func<HttpRequestMessage, (int Status, string Body)> answer)
    {
        _answers[request] = answer;
        return this;
    }

    protected override async Task<HttpResponseMessage> SendAsync(
        HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var key = $"{request.Method} {request.RequestUri!.PathAndQuery}";
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        lock (Requests) Requests.Add((key, body, request.Headers.Authorization?.ToString()));
        var (status, text) = _answers.TryGetValue(key, out var answer)
            ? answer(request)
            : (404, """{"title":"Not found","detail":"Nothing scripted for this request.","status":404}""");
        var contentType = text.StartsWith('{') || text.StartsWith('[') ? "application/json" : "text/plain";
        return new HttpResponseMessage((HttpStatusCode)status)
        {
            Content = new StringContent(text, Encoding.UTF8, contentType),
        };
    }
}

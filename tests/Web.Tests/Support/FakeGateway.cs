using System.Net;
using System.Text;
using System.Text.Json;

namespace Codewalkers.Web.Tests.Support;

/// <summary>
/// The gateway's HTTP answers, canned per method and path, for component tests: the edge of a unit test, never the
/// thing under test. Every request is recorded with its body, so a test can assert what a click sent.
/// </summary>
public sealed class FakeGateway : HttpMessageHandler, IHttpClientFactory
{
    private readonly List<(HttpMethod Method, string Path, Func<HttpRequestMessage, HttpResponseMessage> Answer)> _routes = [];

    public List<(HttpMethod Method, string PathAndQuery, string? Body)> Requests { get; } = [];

    /// <summary>Answers <paramref name="method"/> <paramref name="path"/> (path only, or path and query) with JSON.</summary>
    public FakeGateway On(string method, string path, object? body, HttpStatusCode status = HttpStatusCode.OK) =>
        On(method, path, _ => Json(status, body));

    public FakeGateway On(string method, string path, Func<HttpRequestMessage, HttpResponseMessage> answer)
    {
        _routes.RemoveAll(route => route.Method.Method == method && route.Path == path);
        _routes.Add((new HttpMethod(method), path, answer));
        return this;
    }

    /// <summary>A ProblemDetails answer, as the services give for bad input.</summary>
    public FakeGateway Refuse(string method, string path, int status, string title, string detail) =>
        On(method, path, new { status, title, detail }, (HttpStatusCode)status);

    public static HttpResponseMessage Json(HttpStatusCode status, object? body) => new(status)
    {
        Content = body is null
            ? new StringContent("")
            : new StringContent(JsonSerializer.Serialize(body, Api.GatewayApi.Json), Encoding.UTF8, "application/json"),
    };

    public HttpClient CreateClient(string name) => new(this, disposeHandler: false) { BaseAddress = new Uri("http://gateway.test/") };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        var pathAndQuery = request.RequestUri!.PathAndQuery;
        Requests.Add((request.Method, pathAndQuery, body));
        var route = _routes.LastOrDefault(r => r.Method == request.Method && r.Path == pathAndQuery);
        if (route.Answer is null)
            route = _routes.LastOrDefault(r => r.Method == request.Method && r.Path == request.RequestUri.AbsolutePath);
        return route.Answer?.Invoke(request)
            ?? Json(HttpStatusCode.NotFound, new { status = 404, title = "Not faked", detail = $"{request.Method} {pathAndQuery}" });
    }
}

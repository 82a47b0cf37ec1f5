using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Web;

namespace Codewalkers.Errands.Tests.Infrastructure;

/// <summary>
/// The Agents service's workspace routes: <c>GET /api/workspace/projects/{id}/branches</c>, <c>/diff</c> and
/// <c>/commits</c> (<c>?base=&amp;head=</c>), answered from what a test set; a project can be made unreachable or
/// failing. A ref it does not know is a 400 naming base or head, as the real service answers.
/// </summary>
public sealed class FakeAgentsApi
{
    private readonly ConcurrentDictionary<string, string[]> _branches = new();
    private readonly ConcurrentDictionary<string, object> _diffs = new();
    private readonly ConcurrentDictionary<string, object> _commits = new();
    private readonly ConcurrentDictionary<string, HttpStatusCode?> _failing = new();
    private readonly ConcurrentQueue<string> _requests = new();

    public IReadOnlyList<string> Requests => [.. _requests];

    public void SetBranches(string projectId, params string[] names) => _branches[projectId] = names;

    /// <summary>Every call about the project fails: with <paramref name="status"/>, or unreachable when null.</summary>
    public void Fail(string projectId, HttpStatusCode? status) => _failing[projectId] = status;

    public void SetDiff(string projectId, string @base, string head, string mergeBase, string patch,
        params (string Status, string Path)[] files) =>
        _diffs[Key(projectId, @base, head)] = new
        {
            @base, head, mergeBase, files = files.Select(f => new { status = f.Status, path = f.Path }), patch,
        };

    public void SetCommits(string projectId, string @base, string head,
        params (string Sha, string Subject)[] commits) =>
        _commits[Key(projectId, @base, head)] = commits.Select(c => new
        {
            sha = c.Sha, author = "Agent", date = DateTimeOffset.Parse("2026-12-01T10:00:00Z"), subject = c.Subject,
        }).ToArray();

    private static string Key(string projectId, string @base, string head) => $"{projectId}|{@base}|{head}";

    public HttpMessageHandler Handler() => new Responder(this);

    private HttpResponseMessage Answer(Uri uri)
    {
        _requests.Enqueue(uri.PathAndQuery);
        var parts = uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts is not ["api", "workspace", "projects", var projectId, var what])
            return Problem(HttpStatusCode.NotFound, "No such route");
        projectId = Uri.UnescapeDataString(projectId);
        if (_failing.TryGetValue(projectId, out var failure))
        {
            return failure is { } status ? Problem(status, "Failing on purpose")
                : throw new HttpRequestException("Connection refused (agents)");
        }
        if (!_branches.TryGetValue(projectId, out var branches))
            return Problem(HttpStatusCode.NotFound, "Project not found");
        if (what == "branches")
        {
            return Json(HttpStatusCode.OK,
                branches.Select((name, i) => new { name, commit = $"{i:x40}" }).ToArray());
        }
        var query = HttpUtility.ParseQueryString(uri.Query);
        var (@base, head) = (query["base"] ?? "", query["head"] ?? "");
        var answers = what == "diff" ? _diffs : _commits;
        if (answers.TryGetValue(Key(projectId, @base, head), out var answer)) return Json(HttpStatusCode.OK, answer);
        var unknown = branches.Contains(head) ? "base" : "head";
        return Json(HttpStatusCode.BadRequest, new
        {
            title = "The request is invalid", status = 400,
            errors = new Dictionary<string, string[]>
            {
                [unknown] = [$"'{(unknown == "base" ? @base : head)}' is not a branch or commit of this project."],
            },
        });
    }

    private static HttpResponseMessage Problem(HttpStatusCode status, string title) =>
        Json(status, new { title, status = (int)status });

    private static HttpResponseMessage Json(HttpStatusCode status, object body) =>
        new(status) { Content = JsonContent.Create(body) };

    private sealed class Responder(FakeAgentsApi fake) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(
            HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(fake.Answer(request.RequestUri!));
    }
}

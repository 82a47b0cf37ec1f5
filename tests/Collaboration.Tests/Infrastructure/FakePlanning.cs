using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;

namespace Codewalkers.Collaboration.Tests.Infrastructure;

/// <summary>
/// Planning's <c>GET /api/phases/{id}/diff</c> and <c>/api/initiatives/{id}/diff</c>, and
/// <c>POST /api/change-sets/{id}/revert</c>; every request is logged.
/// </summary>
public sealed class FakePlanning
{
    private readonly ConcurrentDictionary<string, (HttpStatusCode Status, object Body)> _answers = new();

    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>The revert succeeds (200 the change set).</summary>
    public void SetRevertOk(string changeSetId) =>
        _answers[$"/api/change-sets/{changeSetId}/revert"] = (HttpStatusCode.OK, new { id = changeSetId });

    /// <summary>The revert is refused, as Planning does (409 and its detail).</summary>
    public void SetRevertProblem(string changeSetId, HttpStatusCode status, string detail) =>
        _answers[$"/api/change-sets/{changeSetId}/revert"] =
            (status, new { title = "Conflict", status = (int)status, detail });

    /// <summary>The diff of one project: git's unified patch and its file list.</summary>
    public void SetPhaseDiff(string phaseId, string patch, params string[] files) =>
        _answers[$"/api/phases/{phaseId}/diff"] = (HttpStatusCode.OK, Projects(("project-1", patch, files)));

    public void SetInitiativeDiff(string initiativeId, params (string Project, string Patch, string[] Files)[] diffs) =>
        _answers[$"/api/initiatives/{initiativeId}/diff"] = (HttpStatusCode.OK, Projects(diffs));

    public void SetPhaseProblem(string phaseId, HttpStatusCode status, string detail) =>
        _answers[$"/api/phases/{phaseId}/diff"] = (status, new { title = "Problem", status = (int)status, detail });

    private static object[] Projects(params (string Project, string Patch, string[] Files)[] diffs) =>
        [.. diffs.Select(d => new
        {
            projectId = d.Project, projectName = d.Project, @base = "main", head = "cw/x",
            changes = new
            {
                @base = "main", head = "cw/x", mergeBase = "abc",
                files = d.Files.Select(f => new { status = "M", path = f }), patch = d.Patch,
            },
        })];

    public HttpMessageHandler Handler() => new Responder(this);

    private sealed class Responder(FakePlanning fake) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(
            HttpRequestMessage request, CancellationToken cancellationToken)
        {
            fake.Requests.Enqueue($"{request.Method} {request.RequestUri!.AbsolutePath}");
            return Task.FromResult(fake._answers.TryGetValue(request.RequestUri!.AbsolutePath, out var answer)
                ? new HttpResponseMessage(answer.Status) { Content = JsonContent.Create(answer.Body) }
                : new HttpResponseMessage(HttpStatusCode.NotFound)
                {
                    Content = JsonContent.Create(new { title = "Phase not found", status = 404 }),
                });
        }
    }
}

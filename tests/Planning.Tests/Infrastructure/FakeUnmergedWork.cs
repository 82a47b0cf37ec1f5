using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Codewalkers.Planning.Execution;

namespace Codewalkers.Planning.Tests.Infrastructure;

/// <summary>
/// The Agents service's unmerged-work route as Planning asks it before a delete: nothing at risk by default, what the
/// test sets per project otherwise, or a service that cannot be reached. The real route is tested in Agents.Tests.
/// </summary>
public sealed class FakeUnmergedWork
{
    private readonly ConcurrentDictionary<string, WorkspaceClient.UnmergedBranch[]> _branches = new();

    public bool Down { get; set; }

    /// <summary>The bodies Planning posted, as JSON.</summary>
    public ConcurrentQueue<JsonElement> Requests { get; } = new();

    public void Set(string projectId, params WorkspaceClient.UnmergedBranch[] branches) =>
        _branches[projectId] = branches;

    public HttpMessageHandler Handler() => new Responder(this);

    private sealed class Responder(FakeUnmergedWork fake) : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(
            HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (fake.Down) throw new HttpRequestException("Connection refused (agents:80)");
            if (request.RequestUri!.AbsolutePath != "/api/workspace/unmerged")
                return new HttpResponseMessage(HttpStatusCode.NotFound);
            var body = await request.Content!.ReadFromJsonAsync<JsonElement>(cancellationToken);
            fake.Requests.Enqueue(body);
            var branches = body.GetProperty("projects").EnumerateArray()
                .SelectMany(p => fake._branches.GetValueOrDefault(p.GetProperty("projectId").GetString()!) ?? [])
                .ToArray();
            return new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = JsonContent.Create(new WorkspaceClient.UnmergedWork(branches, [])),
            };
        }
    }
}

using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Web;
using Codewalkers.Planning.Execution;

namespace Codewalkers.Planning.Tests.Infrastructure;

/// <summary>
/// The Collaboration service's review-comments route as Planning reads it: each phase's unresolved threads, set by
/// the test (none by default), or a service that answers 404 to everything.
/// </summary>
public sealed class FakeReviewComments
{
    private readonly ConcurrentDictionary<string, ReviewThreadsClient.ReviewThread[]> _threads = new();

    public bool Down { get; set; }

    public ConcurrentQueue<string> Requests { get; } = new();

    public void Set(string phaseId, params ReviewThreadsClient.ReviewThread[] threads) => _threads[phaseId] = threads;

    public HttpMessageHandler Handler() => new Responder(this);

    private sealed class Responder(FakeReviewComments fake) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(
            HttpRequestMessage request, CancellationToken cancellationToken)
        {
            fake.Requests.Enqueue(request.RequestUri!.PathAndQuery);
            if (fake.Down || request.RequestUri.AbsolutePath != "/api/review-comments")
                return Task.FromResult(new HttpResponseMessage(HttpStatusCode.NotFound));
            var query = HttpUtility.ParseQueryString(request.RequestUri.Query);
            var threads = fake._threads.GetValueOrDefault(query["phaseId"] ?? "") ?? [];
            return Task.FromResult(
                new HttpResponseMessage(HttpStatusCode.OK) { Content = JsonContent.Create(threads) });
        }
    }
}

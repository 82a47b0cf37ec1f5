using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using Codewalkers.Collaboration.Infrastructure;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Codewalkers.Collaboration.Tests.Reviews;

/// <summary>
/// The Collaboration service with Planning's changes routes played by <see cref="FakePlanning"/>: each phase's and
/// initiative's current diff is what the test sets.
/// </summary>
public sealed class ReviewFactory() : ServiceFactory<Program, CollaborationDbContext>("collaboration-reviews")
{
    public FakePlanning Planning { get; } = new();

    public ConsumeLog Consumed => Services.GetRequiredService<ConsumeLog>();

    public LogRecorder Logs => Services.GetRequiredService<LogRecorder>();

    protected override void ConfigureTestServices(IServiceCollection services)
    {
        services.AddSingleton<ConsumeLog>();
        services.AddConsumeObserver(provider => provider.GetRequiredService<ConsumeLog>());
        services.AddSingleton<LogRecorder>();
        services.AddSingleton<ILoggerProvider>(provider => provider.GetRequiredService<LogRecorder>());
        services.AddHttpClient<PlanChangesClient>().ConfigurePrimaryHttpMessageHandler(Planning.Handler);
    }

    /// <summary>Publishes with the given message id and waits until the consumers have finished with it.</summary>
    public async Task DeliverAsync<T>(T message, Guid messageId) where T : class
    {
        var before = Consumed.Finished(messageId);
        await Harness.Bus.Publish(message, Pipe.Execute<PublishContext>(context => context.MessageId = messageId));
        await Eventually.TrueAsync(
            () => Task.FromResult(Consumed.Finished(messageId) > before),
            $"delivery {before + 1} of {messageId} consumed");
        Assert.Empty(Consumed.Faults(messageId));
    }
}

/// <summary>Planning's <c>GET /api/phases/{id}/diff</c> and <c>/api/initiatives/{id}/diff</c>.</summary>
public sealed class FakePlanning
{
    private readonly ConcurrentDictionary<string, (HttpStatusCode Status, object Body)> _answers = new();

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
            HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(fake._answers.TryGetValue(request.RequestUri!.AbsolutePath, out var answer)
                ? new HttpResponseMessage(answer.Status) { Content = JsonContent.Create(answer.Body) }
                : new HttpResponseMessage(HttpStatusCode.NotFound)
                {
                    Content = JsonContent.Create(new { title = "Phase not found", status = 404 }),
                });
    }
}

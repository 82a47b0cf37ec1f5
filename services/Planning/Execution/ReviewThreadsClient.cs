using System.Net;
using Codewalkers.SharedKernel.Errors;

namespace Codewalkers.Planning.Execution;

/// <summary>
/// Reads a phase's unresolved review threads from the Collaboration service, which owns review comments. Requesting
/// changes must see the threads as they are now, so they are read over HTTP rather than kept in a read model.
/// Service discovery resolves "collaboration"; the default HTTP client pipeline adds the service token and the
/// standard resilience handler.
/// </summary>
public sealed class ReviewThreadsClient(HttpClient http)
{
    public sealed record ReviewThread(
        string Id, string FilePath, int LineNumber, string LineType, string LineText, string Body, string Author,
        bool Outdated, IReadOnlyList<ReviewThread>? Replies);

    public async Task<IReadOnlyList<ReviewThread>> UnresolvedAsync(string phaseId, CancellationToken cancellationToken)
    {
        var path = $"/api/review-comments?phaseId={Uri.EscapeDataString(phaseId)}&resolved=false";
        try
        {
            using var response = await http.GetAsync(path, cancellationToken);
            if (response.StatusCode != HttpStatusCode.OK)
                throw Unavailable($"Collaboration answered {(int)response.StatusCode}");
            return await response.Content.ReadFromJsonAsync<ReviewThread[]>(cancellationToken) ?? [];
        }
        catch (HttpRequestException ex) { throw Unavailable(ex.Message); }
    }

    private static ReviewCommentsUnavailableException Unavailable(string why) =>
        new($"The review comments could not be read from the Collaboration service ({why}); nothing was changed. " +
            "Try again.");
}

/// <summary>Without the threads a review task would silently leave comments out: a 503 to retry instead.</summary>
public sealed class ReviewCommentsUnavailableException(string detail)
    : ProblemException(503, "Review comments unavailable", detail);

using System.Net;
using System.Text.Json;
using Codewalkers.Collaboration.Domain;
using Codewalkers.SharedKernel.Errors;

namespace Codewalkers.Collaboration.Infrastructure;

/// <summary>
/// Reads a phase's or an initiative's current diff from Planning's changes routes (which read the Agents service's
/// clones). The diff must be fresh when a comment is placed or re-anchored, so it is read over HTTP, not kept in a
/// read model. It also asks Planning to revert a chat turn's change set: the user waits for the answer (done, or
/// stale), so that is a request, not a command. Service discovery resolves "planning"; the default HTTP client
/// pipeline adds the service token and the standard resilience handler.
/// </summary>
public sealed class PlanChangesClient(HttpClient http)
{
    private sealed record ProjectChanges(string ProjectId, Changes? Changes);

    private sealed record Changes(ChangedFile[]? Files, string? Patch);

    private sealed record ChangedFile(string Status, string Path);

    public Task<ReviewDiff> DiffAsync(ReviewScope scope, CancellationToken cancellationToken) =>
        scope.PhaseId is { } phaseId
            ? ReadAsync($"/api/phases/{Uri.EscapeDataString(phaseId)}/diff", scope, cancellationToken)
            : ReadAsync($"/api/initiatives/{Uri.EscapeDataString(scope.InitiativeId!)}/diff", scope,
                cancellationToken);

    private async Task<ReviewDiff> ReadAsync(string path, ReviewScope scope, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try { response = await http.GetAsync(path, cancellationToken); }
        catch (HttpRequestException ex) { throw Unavailable(scope, ex.Message); }
        using (response)
        {
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                throw new NotFoundException(scope.PhaseId is null ? "Initiative" : "Phase",
                    scope.PhaseId ?? scope.InitiativeId!);
            }
            if (response.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.BadRequest)
            {
                // Not started, nothing built yet: Planning's detail says which.
                var detail = await DetailAsync(response, cancellationToken);
                throw new ConflictException(
                    $"The diff of {scope.Describe()} cannot be read yet: {detail}", "No diff yet");
            }
            if (!response.IsSuccessStatusCode)
                throw Unavailable(scope, $"Planning answered {(int)response.StatusCode}");
            var projects = await response.Content.ReadFromJsonAsync<ProjectChanges[]>(Json, cancellationToken) ?? [];
            return new ReviewDiff([.. projects.SelectMany(p => ReviewDiff.ParseProject(
                p.ProjectId, p.Changes?.Files?.Select(f => f.Path) ?? [], p.Changes?.Patch ?? ""))]);
        }
    }

    /// <summary>
    /// Reverts the change set in Planning. Planning's refusal (a later change would be overwritten, already reverted)
    /// is relayed as a 409 with its detail; nothing of it was written.
    /// </summary>
    public async Task RevertChangeSetAsync(string changeSetId, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await http.PostAsync($"/api/change-sets/{Uri.EscapeDataString(changeSetId)}/revert", null,
                cancellationToken);
        }
        catch (HttpRequestException ex) { throw RevertUnavailable(changeSetId, ex.Message); }
        using (response)
        {
            if (response.IsSuccessStatusCode) return;
            if (response.StatusCode == HttpStatusCode.NotFound) throw new NotFoundException("Change set", changeSetId);
            if (response.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.BadRequest)
            {
                throw new ConflictException(
                    $"Planning refused to revert change set '{changeSetId}': "
                    + await DetailAsync(response, cancellationToken), "Cannot revert");
            }
            throw RevertUnavailable(changeSetId, $"Planning answered {(int)response.StatusCode}");
        }
    }

    private static PlanningUnavailableException RevertUnavailable(string changeSetId, string why) =>
        new($"Change set '{changeSetId}' could not be reverted: Planning could not be asked ({why}); "
            + "try again.");

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static async Task<string> DetailAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        try
        {
            using var problem = JsonDocument.Parse(text);
            if (problem.RootElement.TryGetProperty("detail", out var detail)) return detail.GetString() ?? text;
        }
        catch (JsonException) { }
        return text;
    }

    private static DiffUnavailableException Unavailable(ReviewScope scope, string why) =>
        new($"The diff of {scope.Describe()} could not be read from Planning ({why}); try again.");
}

/// <summary>Planning could not be asked for the diff: a 503 the caller may retry, not a fault of the request.</summary>
public sealed class DiffUnavailableException(string detail)
    : ProblemException(503, "Diff unavailable", detail);

/// <summary>Planning could not be asked to change the plan: a 503 the caller may retry.</summary>
public sealed class PlanningUnavailableException(string detail)
    : ProblemException(503, "Planning unavailable", detail);

using System.Net;
using System.Text.Json;
using Codewalkers.SharedKernel.Errors;

namespace Codewalkers.Planning.Execution;

/// <summary>
/// Reads diffs and commit lists from the Agents service, which owns the project clones, and asks it what a delete
/// would put at risk. Service discovery resolves "agents"; the service-to-service token is added by the default HTTP
/// client pipeline.
/// </summary>
public sealed class WorkspaceClient(HttpClient http)
{
    /// <summary>A project and its branches to check; null branches means every branch but the default.</summary>
    public sealed record ProjectBranches(string ProjectId, IReadOnlyList<string>? Branches);

    public sealed record UnmergedBranch(string ProjectId, string Project, string Branch, int Commits);
    public sealed record WorkingAgent(string Id, string Name, string Status);

    /// <summary>
    /// What a delete would put at risk: branches with commits the default branch lacks, and agents at work.
    /// </summary>
    public sealed record UnmergedWork(UnmergedBranch[] Branches, WorkingAgent[] Agents)
    {
        public bool IsEmpty => Branches.Length == 0 && Agents.Length == 0;

        public string Describe() => string.Join("; ", [
            .. Branches.Select(b => $"branch '{b.Branch}' of {b.Project} has {b.Commits} unmerged commit(s)"),
            .. Agents.Select(a => $"agent {a.Name} is {a.Status.Replace('_', ' ')}"),
        ]);
    }

    /// <summary>
    /// Asks the Agents service for the unmerged work of <paramref name="projects"/> and the agents at work (of
    /// <paramref name="initiativeId"/> when given, else in the projects). Unreachable: a 503 problem, as a delete must
    /// not go ahead unasked.
    /// </summary>
    public async Task<UnmergedWork> UnmergedAsync(IReadOnlyList<ProjectBranches> projects, string? initiativeId,
        CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.PostAsJsonAsync("/api/workspace/unmerged",
                new { projects, initiativeId }, cancellationToken);
            response.EnsureSuccessStatusCode();
            return await response.Content.ReadFromJsonAsync<UnmergedWork>(cancellationToken)
                ?? throw new WorkspaceUnavailableException("the Agents service answered nothing");
        }
        catch (HttpRequestException ex)
        {
            throw new WorkspaceUnavailableException(ex.Message);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new WorkspaceUnavailableException(ex.Message);
        }
    }

    public Task<JsonElement> DiffAsync(string projectId, string @base, string head,
        CancellationToken cancellationToken) =>
        GetAsync(WorkspacePath(projectId, "diff", @base, head), cancellationToken);

    public Task<JsonElement> CommitsAsync(string projectId, string @base, string head,
        CancellationToken cancellationToken) =>
        GetAsync(WorkspacePath(projectId, "commits", @base, head), cancellationToken);

    private static string WorkspacePath(string projectId, string what, string @base, string head) =>
        $"/api/workspace/projects/{Uri.EscapeDataString(projectId)}/{what}" +
        $"?base={Uri.EscapeDataString(@base)}&head={Uri.EscapeDataString(head)}";

    private async Task<JsonElement> GetAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(path, cancellationToken);
        if (response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound)
        {
            // Typically a branch that does not exist yet because no agent has worked on it.
            // The user reads the Agents service's reason, not its problem document.
            var reason = Detail(await response.Content.ReadAsStringAsync(cancellationToken));
            throw new ConflictException(
                $"Nothing to show yet: {reason ?? "the branch has no work on it yet"}", "Not available");
        }
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
    }

    private static string? Detail(string problem)
    {
        try
        {
            using var document = JsonDocument.Parse(problem);
            return document.RootElement.TryGetProperty("detail", out var detail) ? detail.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>
/// The Agents service could not say whether unmerged work would be lost: nothing is deleted (try again, or later).
/// </summary>
public sealed class WorkspaceUnavailableException(string reason) : ProblemException(
    StatusCodes.Status503ServiceUnavailable, "Workspace unavailable",
    $"The Agents service could not be asked whether unmerged work would be lost ({reason}); nothing was deleted.");

using System.Net;
using System.Text.Json;
using Codewalkers.SharedKernel.Errors;

namespace Codewalkers.Planning.Execution;

/// <summary>
/// Reads diffs and commit lists from the Agents service, which owns the project clones. Service discovery resolves
/// "agents"; the service-to-service token is added by the default HTTP client pipeline.
/// </summary>
public sealed class WorkspaceClient(HttpClient http)
{
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

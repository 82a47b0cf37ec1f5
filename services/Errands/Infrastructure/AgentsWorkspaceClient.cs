using System.Net;
using System.Text.Json;
using Codewalkers.SharedKernel.Errors;

namespace Codewalkers.Errands.Infrastructure;

/// <summary>
/// Reads branches, diffs and commits from the Agents service, which owns the project clones. They must be fresh (a
/// base branch pushed a minute ago counts), so they are read over HTTP, not kept in a read model. Service discovery
/// resolves "agents"; the default HTTP client pipeline adds the service token and the standard resilience handler.
/// </summary>
public sealed class AgentsWorkspaceClient(HttpClient http)
{
    public sealed record BranchInfo(string Name, string Commit);

    public sealed record DiffFile(string Status, string Path);

    public sealed record Diff(string Base, string Head, string MergeBase, DiffFile[] Files, string Patch);

    public sealed record Commit(string Sha, string Author, DateTimeOffset Date, string Subject);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The branches of the project's clone and of its origin (after a best-effort fetch).</summary>
    public async Task<IReadOnlyList<BranchInfo>> BranchesAsync(
        string projectId, string whatFails, CancellationToken cancellationToken) =>
        await GetAsync<BranchInfo[]>(
            $"{ProjectPath(projectId)}/branches", projectId, whatFails, new Dictionary<string, string>(),
            cancellationToken);

    /// <summary>
    /// The diff of <paramref name="head"/> from where it left <paramref name="base"/>; a 400 of the Agents service
    /// about a ref names our field (<paramref name="baseField"/>, <paramref name="headField"/>).
    /// </summary>
    public Task<Diff> DiffAsync(
        string projectId, string @base, string head, string baseField, string headField,
        CancellationToken cancellationToken) =>
        GetAsync<Diff>(RangePath(projectId, "diff", @base, head), projectId, "The diff could not be read",
            new Dictionary<string, string> { ["base"] = baseField, ["head"] = headField }, cancellationToken);

    public Task<Commit[]> CommitsAsync(
        string projectId, string @base, string head, string baseField, string headField,
        CancellationToken cancellationToken) =>
        GetAsync<Commit[]>(RangePath(projectId, "commits", @base, head), projectId, "The commits could not be read",
            new Dictionary<string, string> { ["base"] = baseField, ["head"] = headField }, cancellationToken);

    private static string ProjectPath(string projectId) =>
        $"/api/workspace/projects/{Uri.EscapeDataString(projectId)}";

    private static string RangePath(string projectId, string what, string @base, string head) =>
        $"{ProjectPath(projectId)}/{what}?base={Uri.EscapeDataString(@base)}&head={Uri.EscapeDataString(head)}";

    private async Task<T> GetAsync<T>(
        string path, string projectId, string whatFails, IReadOnlyDictionary<string, string> fields,
        CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try { response = await http.GetAsync(path, cancellationToken); }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutException or Polly.ExecutionRejectedException
            || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new AgentsUnavailableException($"{whatFails}: the Agents service is unreachable; try again.");
        }
        using (response)
        {
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                throw new ProjectNotInAgentsYetException(
                    $"{whatFails}: the Agents service does not know project '{projectId}' (yet); try again.");
            }
            if (response.StatusCode == HttpStatusCode.BadRequest)
                throw await RefProblemAsync(response, fields, whatFails, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new AgentsUnavailableException(
                    $"{whatFails}: the Agents service answered {(int)response.StatusCode}; try again.");
            }
            return await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken)
                ?? throw new AgentsUnavailableException($"{whatFails}: the Agents service answered nothing.");
        }
    }

    /// <summary>The Agents service's 400 about a ref, with its fields renamed to ours.</summary>
    private static async Task<ValidationException> RefProblemAsync(
        HttpResponseMessage response, IReadOnlyDictionary<string, string> fields, string whatFails,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        try
        {
            using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            if (problem.RootElement.TryGetProperty("errors", out var found)
                && found.ValueKind == JsonValueKind.Object)
            {
                foreach (var field in found.EnumerateObject())
                {
                    errors[fields.GetValueOrDefault(field.Name, field.Name)] =
                        [.. field.Value.EnumerateArray().Select(m => m.GetString() ?? "")];
                }
            }
        }
        catch (JsonException) { }
        if (errors.Count == 0) errors["branch"] = [$"{whatFails}: the Agents service refused a branch name."];
        return new ValidationException(errors);
    }
}

/// <summary>The Agents service could not be asked: a 503 the caller may retry, nothing was changed.</summary>
public class AgentsUnavailableException(string detail)
    : ProblemException(503, "Agents service unavailable", detail);

/// <summary>The Agents service has not heard of the project yet (its registration is still on its way).</summary>
public sealed class ProjectNotInAgentsYetException(string detail) : AgentsUnavailableException(detail);

using System.Text.Json;
using Codewalkers.TestSupport;

namespace Codewalkers.EndToEnd.Tests.Infrastructure;

/// <summary>Gateway calls and agent scripts of the errand scenarios.</summary>
public static class ErrandApi
{
    public static readonly TimeSpan Patience = TimeSpan.FromMinutes(5);

    public static async Task<JsonElement> StartErrandAsync(
        this HttpClient client, ProjectDto project, string description, string? baseBranch = null) =>
        await client.PostJsonAsync("/api/errands", new { projectId = project.Id, description, baseBranch });

    /// <summary>
    /// The errand once it is in <paramref name="status"/> (and, if given, matches <paramref name="also"/>).
    /// </summary>
    public static Task<JsonElement> AwaitErrandAsync(
        this HttpClient client, string id, string status, Func<JsonElement, bool>? also = null) =>
        Eventually.ValueAsync(
            () => client.GetJsonAsync($"/api/errands/{id}"),
            e => e.Str("status") == status && (also?.Invoke(e) ?? true), $"errand {id} {status}", Patience);

    public static IEnumerable<string> Strings(this JsonElement element, string property) =>
        element.GetProperty(property).EnumerateArray().Select(e => e.GetString()!);

    /// <summary>A shell step of an agent: commit everything in the project's worktree.</summary>
    public static string Commit(ProjectDto project, string message) =>
        $"cd {project.Name} && git add -A && git -c user.name=agent -c user.email=agent@cw commit -q -m '{message}'";

    /// <summary>The steps of an errand agent that writes one file, commits it and says it is done.</summary>
    public static Func<string, Reply>[] WritesAndCommits(
        ProjectDto project, string file, string content, string summary) =>
    [
        Steps.Write($"{project.Name}/{file}", content),
        Steps.Bash(Commit(project, summary)),
        Steps.Signal(new { status = "done", result = new { message = summary } }),
        Steps.Say("Done."),
    ];
}

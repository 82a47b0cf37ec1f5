using System.Text.Json.Serialization;
using Codewalkers.Errands.Domain;
using Codewalkers.SharedKernel;

namespace Codewalkers.Errands.Apis;

/// <summary>
/// An errand as the API shows it; <see cref="Thread"/> only for a single errand (the list leaves it out).
/// <see cref="Merging"/>: a merge was asked and has not answered yet.
/// </summary>
public sealed record ErrandResponse(
    string Id, string ProjectId, string Description, string Branch, string BaseBranch, string? Provider,
    string Status, bool Merging, string? AgentId, string? AgentName, string? AgentStatus, bool AgentGone,
    string? Summary, string? Error, IReadOnlyList<string> ConflictFiles, string? MergeBase, string? MergeCommit,
    bool Pushed, long Version, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    IReadOnlyList<ErrandNoteResponse>? Thread)
{
    public static ErrandResponse From(Errand e, bool withThread) => new(
        e.Id, e.ProjectId, e.Description, e.Branch, e.BaseBranch, e.Provider, e.Status.ToText(), e.IsMerging,
        e.AgentId, e.AgentName, e.AgentStatus, e.AgentGone, e.Summary, e.Error, e.ConflictFiles, e.MergeBase,
        e.MergeCommit, e.Pushed, e.Version, e.CreatedAt, e.UpdatedAt,
        withThread
            ? [.. e.Thread.OrderBy(n => n.At).ThenBy(n => n.Id)
                .Select(n => new ErrandNoteResponse(n.At, n.Author, n.Kind, n.Text))]
            : null);
}

public sealed record ErrandNoteResponse(DateTimeOffset At, string Author, string Kind, string Text);

/// <summary>
/// What the errand changes: from where its branch left the base (a merged one: its stored merge base).
/// </summary>
public sealed record ErrandDiffResponse(
    string Branch, string BaseBranch, string MergeBase, IReadOnlyList<ErrandDiffFile> Files, string Patch,
    IReadOnlyList<ErrandCommit> Commits);

public sealed record ErrandDiffFile(string Status, string Path);

public sealed record ErrandCommit(string Sha, string Author, DateTimeOffset Date, string Subject);

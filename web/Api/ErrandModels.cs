namespace Codewalkers.Web.Api;

/// <summary>An errand (services/Errands/Apis/ErrandResponse.cs); <see cref="Thread"/> only on a single errand.</summary>
public sealed record Errand(
    string Id, string ProjectId, string Description, string Branch, string BaseBranch, string? Provider,
    string Status, bool Merging, string? AgentId, string? AgentName, string? AgentStatus, bool AgentGone,
    string? Summary, string? Error, IReadOnlyList<string> ConflictFiles, string? MergeBase, string? MergeCommit,
    bool Pushed, long Version, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
    IReadOnlyList<ErrandNote>? Thread);

public sealed record ErrandNote(DateTimeOffset At, string Author, string Kind, string Text);

public sealed record ErrandDiff(
    string Branch, string BaseBranch, string MergeBase, IReadOnlyList<ErrandDiffFile> Files, string Patch,
    IReadOnlyList<ErrandCommit> Commits);

public sealed record ErrandDiffFile(string Status, string Path);

public sealed record ErrandCommit(string Sha, string Author, DateTimeOffset Date, string Subject);

/// <summary>A project as Errands knows it (GET /api/errands/projects): the ones an errand can target.</summary>
public sealed record ErrandProject(string Id, string Name, string Url, string DefaultBranch);

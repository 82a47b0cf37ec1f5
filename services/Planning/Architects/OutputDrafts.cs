using Codewalkers.Planning.Domain;

namespace Codewalkers.Planning.Architects;

/// <summary>
/// What the parser needs to know of the plan: the ids an output may refer to, the phase a detail run is for, and the
/// titles of pending task proposals of that phase (case-insensitive, to their proposal ids) for dedup.
/// </summary>
public sealed record PlanIds(
    IReadOnlySet<string> Pages, IReadOnlySet<string> Phases, IReadOnlyDictionary<string, PlanTaskRef> Tasks,
    string? DetailPhaseId, IReadOnlyDictionary<string, string> PendingTaskTitles)
{
    public static PlanIds Empty { get; } = new(
        new HashSet<string>(), new HashSet<string>(), new Dictionary<string, PlanTaskRef>(), null,
            new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase));
}

public sealed record PlanTaskRef(string Id, string Name, string? PhaseId);

/// <summary>
/// One proposal to create, from the output file at <see cref="Path"/>. <see cref="Metadata"/> is the proposal's
/// metadata JSON.
/// </summary>
public sealed record ProposalDraft(
    string Path, ProposalTargetType TargetType, string? TargetId, string Title, string? Summary, string? Content,
        string Metadata, int SortOrder);

/// <summary>
/// The outputs could not become proposals; <see cref="Problems"/> each name the file and what is wrong with it.
/// </summary>
public sealed class MalformedOutputException(IReadOnlyList<string> problems)
    : Exception("Malformed architect output: " + string.Join("; ", problems))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}

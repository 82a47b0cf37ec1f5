namespace Codewalkers.Errands.Domain;

/// <summary>One entry of an errand's thread: what the user said, what its agent reported, what happened.</summary>
public sealed class ErrandNote
{
    /// <summary>Given by the database; the thread's order among notes of the same instant.</summary>
    public long Id { get; private set; }
    public DateTimeOffset At { get; private set; }
    public string Author { get; private set; } = "";
    public string Kind { get; private set; } = "";
    public string Text { get; private set; } = "";

    private ErrandNote() { }

    internal ErrandNote(DateTimeOffset at, string author, string kind, string text) =>
        (At, Author, Kind, Text) = (at, author, kind, text);
}

/// <summary>Who wrote a note.</summary>
public static class NoteAuthors
{
    public const string User = "user";
    public const string Agent = "agent";
    public const string System = "system";
}

/// <summary>What a note is about, as the thread shows it.</summary>
public static class NoteKinds
{
    public const string Message = "message";
    public const string ChangesRequested = "changes_requested";
    public const string Done = "done";
    public const string Error = "error";
    public const string Questions = "questions";
    public const string Merged = "merged";
    public const string Conflict = "conflict";
    public const string MergeFailed = "merge_failed";
    public const string Resolve = "resolve";
    public const string ResumeRefused = "resume_refused";
    public const string SpawnFailed = "spawn_failed";
    public const string AgentDeleted = "agent_deleted";
    public const string Abandoned = "abandoned";
    public const string BranchDiscarded = "branch_discarded";
    public const string DiscardFailed = "discard_failed";
}

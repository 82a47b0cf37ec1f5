namespace Codewalkers.Collaboration.Domain.Feed;

/// <summary>
/// The last status the feed saw of a task, phase or initiative. Planning publishes an <c>...Updated</c> event for any
/// change (a rename, a new dependency); the feed records only a change of status, and ignores an event whose version
/// it has already passed, so redelivered or reordered events never record a status twice or step back.
/// </summary>
public sealed class FeedSubject
{
    public string Id { get; private set; } = "";
    public string Status { get; private set; } = "";
    public long Version { get; private set; }

    private FeedSubject() { }

    public static FeedSubject Create(string id, string status, long version) =>
        new() { Id = id, Status = status, Version = version };

    /// <summary>
    /// Applies a newer state; true when it moved the subject to another status (what the feed records).
    /// </summary>
    public bool Move(string status, long version)
    {
        if (version <= Version) return false;
        var changed = status != Status;
        (Status, Version) = (status, version);
        return changed;
    }
}

using Codewalkers.Contracts.Agents;
using Codewalkers.Contracts.Errands;
using Codewalkers.SharedKernel;
using Codewalkers.SharedKernel.Errors;

namespace Codewalkers.Errands.Domain;

/// <summary>
/// A small one-off change: a description becomes a branch, a worktree and an agent; the user reviews, talks to the
/// agent and merges. <c>active -> pending_review -> merged | conflict | abandoned</c>; a conflict goes back to active
/// through resolve, a review through a message or requested changes. Every change bumps <see cref="Version"/>; every
/// status change queues <see cref="ErrandStatusChanged"/>, written to the outbox in the save that stores it. The
/// commands it asks of the Agents service are returned to the caller, who sends them in that same save.
/// </summary>
public sealed class Errand : EventSource
{
    public string Id { get; private set; } = "";
    public string ProjectId { get; private set; } = "";
    public string Description { get; private set; } = "";
    public string Branch { get; private set; } = "";
    public string BaseBranch { get; private set; } = "";
    public string? Provider { get; private set; }
    public string? AgentId { get; private set; }
    public string? AgentName { get; private set; }
    public string? AgentStatus { get; private set; }
    /// <summary>The agent version <see cref="AgentStatus"/> is from, so an older event cannot move it back.</summary>
    public long AgentVersion { get; private set; }
    public bool AgentGone { get; private set; }
    /// <summary>The agent version of the last completion applied, so a late or repeated one changes nothing.</summary>
    public long CompletionVersion { get; private set; }
    public string SpawnRequestId { get; private set; } = "";
    public ErrandStatus Status { get; private set; }
    public string? Summary { get; private set; }
    public string? Error { get; private set; }
    public List<string> ConflictFiles { get; private set; } = [];
    public string? MergeRequestId { get; private set; }
    public string? MergeBase { get; private set; }
    public string? MergeCommit { get; private set; }
    public bool Pushed { get; private set; }
    /// <summary>The last ResumeAgent sent and the status to go back to if it is refused.</summary>
    public string? ResumeRequestId { get; private set; }
    public ErrandStatus? StatusBeforeResume { get; private set; }
    /// <summary>The last DiscardBranch sent, so its answer finds the thread.</summary>
    public string? DiscardRequestId { get; private set; }
    public long Version { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>What a conflict keeps of its file list (a forged or pathological one cannot bloat the row).</summary>
    public const int MaxConflictFiles = 1000;

    private readonly List<ErrandNote> _thread = [];

    public IReadOnlyList<ErrandNote> Thread => _thread;

    public bool IsMerging => MergeRequestId is not null;

    private Errand() { }

    public static Errand Create(
        string id, string projectId, string description, string branch, string baseBranch, string? provider,
        string spawnRequestId, DateTimeOffset now)
    {
        now = now.TruncatedForStorage();
        var errand = new Errand
        {
            Id = id, ProjectId = projectId, Description = description, Branch = branch, BaseBranch = baseBranch,
            Provider = provider, SpawnRequestId = spawnRequestId, Status = ErrandStatus.Active, Version = 1,
            CreatedAt = now, UpdatedAt = now,
        };
        errand.Raise(errand.StatusChanged(from: null, now));
        return errand;
    }

    // ---- What the user asks (a wrong status is a 409 naming it) ----

    /// <summary>Sends the user's message to the agent's session; a review in progress goes back to active.</summary>
    public ResumeAgent Message(string message, string requestId, DateTimeOffset now)
    {
        RequireStatus("send a message to", ErrandStatus.Active, ErrandStatus.PendingReview);
        return Resume(message, message, NoteKinds.Message, requestId, now);
    }

    public ResumeAgent RequestChanges(string feedback, string requestId, DateTimeOffset now)
    {
        RequireStatus("request changes on", ErrandStatus.PendingReview);
        return Resume(ErrandPrompts.ChangesRequested(feedback), feedback, NoteKinds.ChangesRequested, requestId, now);
    }

    public MergeBranches Merge(string requestId, DateTimeOffset now)
    {
        RequireStatus("merge", ErrandStatus.PendingReview);
        if (IsMerging) throw Merging("merge");
        MergeRequestId = requestId;
        Touch(now);
        return new MergeBranches(requestId, ProjectId, Branch, BaseBranch, PushTarget: true);
    }

    /// <summary>
    /// Back to active to resolve the conflict: the errand's agent is resumed with the resolve prompt, or, when it is
    /// gone, a new errand agent is started on the same branch (returned as a <see cref="SpawnAgent"/>).
    /// </summary>
    public object Resolve(string projectName, string requestId, DateTimeOffset now)
    {
        RequireStatus("resolve", ErrandStatus.Conflict);
        var prompt = ErrandPrompts.Resolve(BaseBranch, Branch, ConflictFiles);
        var files = ConflictFiles.Count == 0 ? "" : $" in {string.Join(", ", ConflictFiles)}";
        if (HasAgent) return Resume(prompt, $"Resolve the conflicts{files}.", NoteKinds.Resolve, requestId, now);
        (AgentId, AgentName, AgentStatus, AgentVersion, AgentGone, CompletionVersion) =
            (null, null, null, 0, false, 0);
        SpawnRequestId = requestId;
        AddNote(now, NoteAuthors.User, NoteKinds.Resolve,
            $"Resolve the conflicts{files}: a new agent does it (the last one is gone).");
        Error = null;
        MoveTo(ErrandStatus.Active, now);
        return ErrandPrompts.Spawn(this, ErrandPrompts.ResolveAsNewAgent(projectName, this, prompt));
    }

    public DiscardBranch Abandon(string requestId, DateTimeOffset now)
    {
        if (Status is ErrandStatus.Merged or ErrandStatus.Abandoned)
            throw Impossible("abandon", "it has ended");
        if (IsMerging) throw Merging("abandon");
        AddNote(now, NoteAuthors.User, NoteKinds.Abandoned, "Abandoned.");
        MoveTo(ErrandStatus.Abandoned, now);
        return Discard(requestId, deleteBranch: true);
    }

    /// <summary>
    /// Its project is gone: abandoned whatever it was doing (a merge under way goes with the clone); the discard stops
    /// its agent. Null when it had already ended.
    /// </summary>
    public DiscardBranch? ProjectDeleted(string requestId, DateTimeOffset now)
    {
        if (Status is ErrandStatus.Merged or ErrandStatus.Abandoned) return null;
        (MergeRequestId, Error) = (null, "project deleted");
        AddNote(now, NoteAuthors.System, NoteKinds.Abandoned, "Abandoned: the project was deleted.");
        MoveTo(ErrandStatus.Abandoned, now);
        return Discard(requestId, deleteBranch: true);
    }

    /// <summary>
    /// The caller removes the row in this save; an errand still holding a branch (in review, in conflict) gives the
    /// DiscardBranch to send first.
    /// </summary>
    public DiscardBranch? Delete(string requestId, DateTimeOffset now)
    {
        if (Status == ErrandStatus.Active) throw Impossible("delete", "its agent is still at work: abandon it first");
        if (IsMerging) throw Merging("delete");
        Raise(new ErrandDeleted(Id, ProjectId, Version + 1, now.TruncatedForStorage()));
        return Status is ErrandStatus.PendingReview or ErrandStatus.Conflict
            ? Discard(requestId, deleteBranch: true) : null;
    }

    // ---- What the Agents service reports (a stale or foreign report changes nothing and returns false) ----

    public bool AgentStarted(string agentId, string name, string requestId, DateTimeOffset now)
    {
        if (requestId != SpawnRequestId || (AgentId == agentId && AgentName == name)) return false;
        (AgentId, AgentName) = (agentId, ErrandText.Storable(name, 200));
        Touch(now);
        return true;
    }

    /// <summary>
    /// The agent could not start: a new errand ends abandoned (with the branch discarded, so nothing is left
    /// behind); a resolve that could not start a new agent goes back to conflict, its branch kept.
    /// </summary>
    public DiscardBranch? SpawnFailed(string requestId, string error, string discardRequestId, DateTimeOffset now)
    {
        if (requestId != SpawnRequestId || Status != ErrandStatus.Active || AgentId is not null) return null;
        Error = $"could not start: {ErrandText.Storable(error, 2000)}";
        AddNote(now, NoteAuthors.System, NoteKinds.SpawnFailed, Error);
        if (ConflictFiles.Count > 0)
        {
            MoveTo(ErrandStatus.Conflict, now);
            return null;
        }
        MoveTo(ErrandStatus.Abandoned, now);
        return Discard(discardRequestId, deleteBranch: true);
    }

    public bool AgentStatusReported(
        string agentId, string name, string to, string reason, long version, DateTimeOffset now)
    {
        if (!IsOurAgent(agentId) || version <= AgentVersion || !AgentStatuses.All.Contains(to)) return false;
        (AgentId, AgentName, AgentStatus, AgentVersion) = (agentId, ErrandText.Storable(name, 200), to, version);
        if (to == AgentStatuses.Crashed) Error = $"the agent crashed ({ErrandText.Storable(reason, 200)})";
        Touch(now);
        return true;
    }

    /// <summary>Done: ready for review with its summary. Error: said in the thread, the errand stays active.</summary>
    public bool Completed(string agentId, string outcome, string? summary, long version, DateTimeOffset now)
    {
        if (!IsOurAgent(agentId) || version <= CompletionVersion || Status != ErrandStatus.Active) return false;
        if (outcome is not (SignalOutcomes.Done or SignalOutcomes.Error)) return false;
        CompletionVersion = version;
        AgentId ??= agentId;
        ResumeRequestId = null;
        var text = ErrandText.Storable(summary);
        if (outcome == SignalOutcomes.Error)
        {
            Error = $"the agent reported an error: {ErrandText.Storable(summary, 2000)}";
            AddNote(now, NoteAuthors.Agent, NoteKinds.Error, text);
            Touch(now);
            return true;
        }
        (Summary, Error) = (text, null);
        AddNote(now, NoteAuthors.Agent, NoteKinds.Done, text);
        MoveTo(ErrandStatus.PendingReview, now);
        return true;
    }

    public bool QuestionsAsked(string agentId, IEnumerable<string> questions, DateTimeOffset now)
    {
        if (!IsOurAgent(agentId)) return false;
        AddNote(now, NoteAuthors.Agent, NoteKinds.Questions,
            ErrandText.Storable(string.Join("\n", questions.Select(q => $"- {q}"))));
        Touch(now);
        return true;
    }

    public bool AgentDeleted(string agentId, DateTimeOffset now)
    {
        if (agentId != AgentId || AgentGone) return false;
        AgentGone = true;
        AddNote(now, NoteAuthors.System, NoteKinds.AgentDeleted,
            $"The agent {AgentName ?? agentId} was deleted; the branch {Branch} stays.");
        Touch(now);
        return true;
    }

    /// <summary>Our resume was refused: back to where the errand was before it, saying why.</summary>
    public bool ResumeRefused(string requestId, string detail, DateTimeOffset now)
    {
        if (requestId != ResumeRequestId) return false;
        var before = StatusBeforeResume ?? Status;
        (ResumeRequestId, StatusBeforeResume) = (null, null);
        Error = $"the agent could not be resumed: {ErrandText.Storable(detail, 2000)}";
        AddNote(now, NoteAuthors.System, NoteKinds.ResumeRefused, Error);
        if (Status == ErrandStatus.Active && before != ErrandStatus.Active) MoveTo(before, now);
        else Touch(now);
        return true;
    }

    /// <summary>Merged (and pushed): the worktree is freed, the branch kept for the diff.</summary>
    public DiscardBranch? Merged(
        string requestId, string mergeBase, string mergeCommit, bool pushed, string discardRequestId,
        DateTimeOffset now)
    {
        if (!EndMerge(requestId)) return null;
        (MergeBase, MergeCommit, Pushed, Error) =
            (ErrandText.Storable(mergeBase, 64), ErrandText.Storable(mergeCommit, 64), pushed, null);
        ConflictFiles = [];
        AddNote(now, NoteAuthors.System, NoteKinds.Merged,
            $"Merged into {BaseBranch} ({mergeCommit}){(pushed ? " and pushed" : "")}.");
        MoveTo(ErrandStatus.Merged, now);
        return Discard(discardRequestId, deleteBranch: false);
    }

    public bool Conflicted(string requestId, IReadOnlyList<string> files, DateTimeOffset now)
    {
        if (!EndMerge(requestId)) return false;
        ConflictFiles = [.. files.Take(MaxConflictFiles).Select(f => ErrandText.Storable(f, 1000))];
        Error = null;
        AddNote(now, NoteAuthors.System, NoteKinds.Conflict,
            $"Merging into {BaseBranch} conflicts in {string.Join(", ", ConflictFiles)}.");
        MoveTo(ErrandStatus.Conflict, now);
        return true;
    }

    public bool MergeFailed(string requestId, string error, DateTimeOffset now)
    {
        if (!EndMerge(requestId)) return false;
        Error = $"the merge failed: {ErrandText.Storable(error, 2000)}";
        AddNote(now, NoteAuthors.System, NoteKinds.MergeFailed, Error);
        Touch(now);
        return true;
    }

    public bool Discarded(string requestId, string text, bool failed, DateTimeOffset now)
    {
        if (requestId != DiscardRequestId) return false;
        AddNote(now, NoteAuthors.System, failed ? NoteKinds.DiscardFailed : NoteKinds.BranchDiscarded,
            ErrandText.Storable(text));
        if (failed) Error = ErrandText.Storable(text, 2000);
        Touch(now);
        return true;
    }

    // ---- Rules ----

    private bool HasAgent => AgentId is not null && !AgentGone;

    /// <summary>An event of the errand's agent, or of a new one not known yet (its AgentSpawned on the way).</summary>
    private bool IsOurAgent(string agentId) => AgentId is null ? !AgentGone : agentId == AgentId;

    private ResumeAgent Resume(string prompt, string note, string kind, string requestId, DateTimeOffset now)
    {
        if (IsMerging) throw Merging("resume the agent of");
        if (AgentId is null) throw Impossible("resume the agent of", "its agent has not started yet");
        if (AgentGone) throw Impossible("resume the agent of", $"its agent {AgentName ?? AgentId} was deleted");
        if (AgentStatus == AgentStatuses.Running)
        {
            throw Impossible(
                "resume the agent of", $"its agent {AgentName ?? AgentId} is running; wait until it stops");
        }
        (ResumeRequestId, StatusBeforeResume, Error) = (requestId, Status, null);
        AddNote(now, NoteAuthors.User, kind, note);
        if (Status != ErrandStatus.Active) MoveTo(ErrandStatus.Active, now);
        else Touch(now);
        return new ResumeAgent(requestId, AgentId, ResumeReasons.Message, Message: prompt);
    }

    private bool EndMerge(string requestId)
    {
        if (requestId != MergeRequestId) return false;
        MergeRequestId = null;
        return true;
    }

    private DiscardBranch Discard(string requestId, bool deleteBranch)
    {
        DiscardRequestId = requestId;
        return new DiscardBranch(requestId, ProjectId, Branch, AgentGone ? null : AgentId, deleteBranch);
    }

    private void AddNote(DateTimeOffset now, string author, string kind, string text) =>
        _thread.Add(new ErrandNote(now.TruncatedForStorage(), author, kind, text));

    private void MoveTo(ErrandStatus to, DateTimeOffset now)
    {
        var from = Status;
        Status = to;
        Touch(now);
        Raise(StatusChanged(from, now));
    }

    private void Touch(DateTimeOffset now)
    {
        UpdatedAt = now.TruncatedForStorage();
        Version++;
    }

    private ErrandStatusChanged StatusChanged(ErrandStatus? from, DateTimeOffset now) => new(
        Id, ProjectId, Description, Branch, BaseBranch, AgentId, from?.ToText(), Status.ToText(), Version,
        now.TruncatedForStorage());

    private void RequireStatus(string action, params ErrandStatus[] allowed)
    {
        if (allowed.Contains(Status)) return;
        var statuses = string.Join(" or ", allowed.Select(s => s.ToText()));
        throw Impossible(action, $"that is allowed only when it is {statuses}");
    }

    private ConflictException Impossible(string action, string why) => new(
        $"Cannot {action} errand '{Id}': it is {Status.ToText()}{(IsMerging ? " (merging)" : "")}, and {why}.",
        "Impossible transition");

    private ConflictException Merging(string action) => new(
        $"Cannot {action} errand '{Id}': it is already merging; wait for the merge to finish.",
        "Impossible transition");
}

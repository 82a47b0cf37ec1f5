using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Codewalkers.Contracts.Agents;
using Codewalkers.Contracts.Chat;
using Codewalkers.Messaging.Outbox;
using Codewalkers.Planning.Application;
using Codewalkers.Planning.Architects;
using Codewalkers.Planning.Domain;
using Codewalkers.Planning.Infrastructure;
using Codewalkers.SharedKernel.Errors;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Planning.Chat;

/// <summary>
/// A chat agent signalled done: its output files (pages/, phases/, tasks/) are read by the architects' rules, all or
/// nothing, made into proposals and accepted at once, as accept-all does, into one change set; ChatTurnCompleted
/// (the reply, the change set, what changed) or ChatTurnFailed (one line per problem, the plan unchanged) commits
/// with it. Files a previous turn already applied, unchanged since, are not applied again.
/// </summary>
internal sealed class ChatTurnCompletion(PlanningDbContext db, ProposalApplier applier)
{
    public async Task CompleteAsync(AgentAssignment assignment, ChatTurn turn, AgentCompleted message,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        var outputs = message.Outputs.Where(o => InChatFolders(o.Path)).ToList();
        var earlier = await EarlierOutputsAsync(assignment.Id, cancellationToken);
        var fresh = outputs.Where(o => earlier.GetValueOrDefault(o.Path) != Digest(o.Content))
            .Select(o => (o.Path, o.Content)).ToList();
        var digests = JsonSerializer.Serialize(outputs.ToDictionary(o => o.Path, o => Digest(o.Content)));
        if (fresh.Count == 0)
        {
            Completed(turn, message, null, [], digests, now);
            return;
        }
        var problems = await ApplyAsync(assignment, turn, message, fresh, digests, now, cancellationToken);
        if (problems is null) return;
        // Nothing of a refused turn may be saved: forget whatever the applier had changed, then record the failure.
        db.ChangeTracker.Clear();
        var reloaded = await db.ChatTurns.FirstAsync(t => t.Id == turn.Id, cancellationToken);
        ChatTurns.Fail(db, reloaded, message.AgentId, problems, now);
    }

    /// <summary>Applies the files as one change set and announces it; the problems instead, when refused.</summary>
    private async Task<IReadOnlyList<string>?> ApplyAsync(AgentAssignment assignment, ChatTurn turn,
        AgentCompleted message, List<(string Path, string Content)> files, string digests, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var initiative = await db.Initiatives.FirstOrDefaultAsync(i => i.Id == assignment.InitiativeId,
            cancellationToken);
        if (initiative is null) return ["The initiative was deleted while the agent ran."];
        var plan = await new ProposalIngest(db).PlanIdsAsync(initiative.Id, assignment.PhaseId, pendingTitles: false,
            cancellationToken);
        IReadOnlyList<ProposalDraft> drafts;
        // The turn id makes the files' references unique: two turns' "api.md" never resolve to each other.
        try { drafts = ArchitectOutputs.Parse(ArchitectOutputs.ChatModes, turn.Id, files, plan); }
        catch (MalformedOutputException ex) { return ex.Problems; }
        var problems = new List<string>();
        var proposals = ProposalIngest.Propose(initiative, message.AgentId, drafts, now, problems);
        if (problems.Count > 0) return problems;
        if (proposals.Count == 0)
        {
            // Every new task duplicated one the phase has: nothing to apply.
            Completed(turn, message, null, [], digests, now);
            return null;
        }
        db.Proposals.AddRange(proposals);
        ChangeSet changeSet;
        try { changeSet = await applier.AcceptAsync(proposals, ProposalApplier.ChatSource, "Chat applied",
            cancellationToken); }
        catch (ValidationException ex) { return [.. ex.Errors.SelectMany(e => e.Value)]; }
        catch (ProblemException ex) { return [ex.Message]; }
        Completed(turn, message, changeSet.Id, ChatChanges.Of(db, changeSet), digests, now);
        return null;
    }

    private void Completed(ChatTurn turn, AgentCompleted message, string? changeSetId,
        IReadOnlyList<ChatChange> changes, string digests, DateTimeOffset now)
    {
        turn.Complete(changeSetId, digests, now);
        db.Publish(new ChatTurnCompleted(turn.Id, turn.SessionId, message.AgentId, message.Summary, changeSetId,
            changes, now));
    }

    /// <summary>The outputs as the assignment's last completed turn left them: path to digest.</summary>
    private async Task<Dictionary<string, string>> EarlierOutputsAsync(string assignmentId,
        CancellationToken cancellationToken)
    {
        var last = await db.ChatTurns.AsNoTracking()
            .Where(t => t.AssignmentId == assignmentId && t.Status == ChatTurnStatus.Completed && t.Outputs != null)
            .OrderByDescending(t => t.FinishedAt).Select(t => t.Outputs).FirstOrDefaultAsync(cancellationToken);
        return last is null ? [] : JsonSerializer.Deserialize<Dictionary<string, string>>(last) ?? [];
    }

    private static bool InChatFolders(string path) =>
        ArchitectOutputs.ChatModes.Any(m =>
            path.StartsWith(ArchitectOutputs.Folder(m) + "/", StringComparison.Ordinal));

    private static string Digest(string content) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content)));
}

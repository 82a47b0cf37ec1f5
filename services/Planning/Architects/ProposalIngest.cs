using Codewalkers.Contracts.Agents;
using Codewalkers.Planning.Assignments;
using Codewalkers.Planning.Domain;
using Codewalkers.Planning.Infrastructure;
using Codewalkers.SharedKernel.Errors;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Planning.Architects;

/// <summary>
/// Creates the proposals of a done architect run, or fails the assignment naming every malformed file; never some of
/// them.
/// </summary>
internal sealed class ProposalIngest(PlanningDbContext db)
{
    public async Task IngestAsync(AgentAssignment assignment, AgentCompleted message, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var initiative = await db.Initiatives.FirstOrDefaultAsync(i => i.Id == assignment.InitiativeId,
            cancellationToken);
        if (initiative is null)
        {
            assignment.Fail("The initiative was deleted while the agent ran.", now);
            return;
        }
        if (assignment.Mode == AgentModes.Detail
            && !await db.Phases.AnyAsync(p => p.Id == assignment.PhaseId, cancellationToken))
        {
            assignment.Fail($"Phase {assignment.PhaseId} was deleted while the agent ran.", now);
            return;
        }
        var folder = ArchitectOutputs.Folder(assignment.Mode);
        var outputs = message.Outputs.Select(o => (o.Path, o.Content)).ToList();
        if (assignment.Mode is AgentModes.Plan or AgentModes.Detail
            && !outputs.Any(o => o.Path.StartsWith(folder + "/", StringComparison.Ordinal)))
        {
            assignment.Fail($"The agent signalled done but wrote no {folder}/*.md files under .cw/output/.", now);
            return;
        }

        IReadOnlyList<ProposalDraft> drafts;
        try { drafts = ArchitectOutputs.Parse(assignment.Mode, assignment.Id, outputs,
            await PlanIdsAsync(assignment.InitiativeId, assignment.PhaseId, pendingTitles: true,
                cancellationToken)); }
        catch (MalformedOutputException ex)
        {
            assignment.Fail("Malformed outputs, no proposal was made:\n" + string.Join("\n", ex.Problems), now);
            return;
        }

        var problems = new List<string>();
        var proposals = Propose(initiative, message.AgentId, drafts, now, problems);
        if (problems.Count > 0)
        {
            assignment.Fail("Malformed outputs, no proposal was made:\n" + string.Join("\n", problems), now);
            return;
        }
        db.Proposals.AddRange(proposals);
        assignment.Finish(now);
    }

    /// <summary>
    /// The proposals of <paramref name="drafts"/>, not yet added; the domain's own checks (title and content lengths)
    /// apply here, and their failures are the agent's, not a crash: each goes to <paramref name="problems"/>, naming
    /// the file.
    /// </summary>
    internal static List<Proposal> Propose(Initiative initiative, string agentId, IReadOnlyList<ProposalDraft> drafts,
        DateTimeOffset now, List<string> problems)
    {
        var proposals = new List<Proposal>();
        foreach (var draft in drafts)
        {
            try { proposals.Add(Proposal.Create(initiative, agentId, draft.TargetType, draft.TargetId, draft.Title,
                draft.Summary, draft.Content, draft.Metadata, draft.SortOrder, now)); }
            catch (ValidationException ex) { problems.Add($"{draft.Path}: " +
                $"{string.Join(" ", ex.Errors.SelectMany(e => e.Value))}"); }
        }
        return proposals;
    }

    /// <summary>
    /// The ids an output of initiative <paramref name="id"/> may name; <paramref name="phaseId"/> is the phase new
    /// tasks go to. <paramref name="pendingTitles"/>: dedup new tasks against the phase's pending task proposals too
    /// (an architect's run, whose proposals wait for review; a chat's are applied at once and must not resolve to
    /// another agent's pending proposal).
    /// </summary>
    internal async Task<PlanIds> PlanIdsAsync(string id, string? phaseId, bool pendingTitles,
        CancellationToken cancellationToken)
    {
        var pages = await db.Pages.AsNoTracking().Where(p => p.InitiativeId == id).Select(p => p.Id)
            .ToListAsync(cancellationToken);
        var phases = await db.Phases.AsNoTracking().Where(p => p.InitiativeId == id).Select(p => p.Id)
            .ToListAsync(cancellationToken);
        var tasks = await db.Tasks.AsNoTracking().Where(t => t.InitiativeId == id)
            .Select(t => new PlanTaskRef(t.Id, t.Name, t.PhaseId)).ToListAsync(cancellationToken);
        var pending = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (pendingTitles && phaseId is not null)
        {
            var offered = await db.Proposals.AsNoTracking()
                .Where(p => p.InitiativeId == id && p.Status == ProposalStatus.Pending
                    && p.TargetType == ProposalTargetType.Task && p.TargetId == null)
                .ToListAsync(cancellationToken);
            foreach (var p in offered.Where(p => p.ParsedMetadata().PhaseId == phaseId)) pending.TryAdd(p.Title.Trim(),
                p.Id);
        }
        return new PlanIds(pages.ToHashSet(StringComparer.Ordinal), phases.ToHashSet(StringComparer.Ordinal),
            tasks.ToDictionary(t => t.Id, StringComparer.Ordinal), phaseId, pending);
    }
}

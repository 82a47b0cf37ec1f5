using Codewalkers.Planning.Domain;
using Codewalkers.Planning.Infrastructure;
using Codewalkers.SharedKernel;
using Codewalkers.SharedKernel.Errors;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Planning.Application;

/// <summary>
/// Accepting proposals: the first pass creates, updates or deletes each target (pages, then phases, then tasks, by
/// sortOrder); the second pass adds the dependencies, resolving references to other proposals (by proposal id or
/// the agent's fileId) to the entities the first pass made. A reference that resolves to nothing fails the whole
/// accept, so no dependency is ever silently dropped. Everything is recorded as one change set.
/// </summary>
public sealed class ProposalApplier(PlanningDbContext db, TimeProvider clock)
{
    /// <summary>The change set source of a user's accept.</summary>
    public const string ProposalsSource = "proposals";
    /// <summary>The change set source of a chat turn's edits, applied without review.</summary>
    public const string ChatSource = "chat";

    /// <summary>Applies <paramref name="proposals"/> (tracked, pending, one initiative). The caller saves.</summary>
    public Task<ChangeSet> AcceptAsync(IReadOnlyList<Proposal> proposals, CancellationToken cancellationToken) =>
        AcceptAsync(proposals, ProposalsSource, "Accepted", cancellationToken);

    /// <summary>
    /// The same, recorded under <paramref name="source"/>; the description is <paramref name="verb"/> and the
    /// proposals' titles.
    /// </summary>
    public async Task<ChangeSet> AcceptAsync(IReadOnlyList<Proposal> proposals, string source, string verb,
        CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var initiativeId = proposals[0].InitiativeId;
        var graph = await InitiativeGraph.LoadAsync(db, initiativeId, now, cancellationToken);
        var agents = proposals.Select(p => p.AgentId).Distinct().ToList();
        var changeSet = ChangeSet.Start(initiativeId, agents.Count == 1 ? agents[0] : null, source,
            $"{verb} {proposals.Count} proposal(s): {string.Join("; ", proposals.Select(p => p.Title))}", now);
        var recorder = new ChangeRecorder(changeSet);
        graph.Recorder = recorder;

        var batch = proposals.Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
        var others = await db.Proposals.AsNoTracking()
            .Where(p => p.InitiativeId == initiativeId && p.Status != ProposalStatus.Dismissed)
            .ToListAsync(cancellationToken);
        var resolver = new Resolver(graph, others.Where(p => !batch.Contains(p.Id)).ToList());

        var ordered = proposals.OrderBy(p => p.TargetType).ThenBy(p => p.SortOrder).ThenBy(p => p.CreatedAt).ToList();

        foreach (var proposal in ordered)
        {
            var entityId = Apply(proposal, graph, resolver, recorder, now);
            resolver.Remember(proposal, entityId);
            proposal.Accept(entityId, changeSet.Id, now);
        }

        // Second pass: every entity of the batch exists now, so dependencies between them resolve.
        foreach (var proposal in ordered)
        {
            var metadata = proposal.ParsedMetadata();
            if (metadata.Delete || metadata.Dependencies.Count == 0) continue;
            foreach (var reference in metadata.Dependencies)
            {
                var target = resolver.Resolve(proposal, proposal.TargetType, reference);
                AddDependency(proposal, graph, recorder, target, now);
            }
        }

        recorder.Complete();
        db.ChangeSets.Add(changeSet);
        return changeSet;
    }

    private static string Apply(
        Proposal proposal, InitiativeGraph graph, Resolver resolver, ChangeRecorder recorder, DateTimeOffset now)
    {
        var metadata = proposal.ParsedMetadata();
        if (proposal.TargetId is { } targetId)
        {
            switch (proposal.TargetType)
            {
                case ProposalTargetType.Page:
                    var page = Existing(graph.Pages, proposal, targetId);
                    if (metadata.Delete) graph.DeletePage(page);
                    else
                    {
                        recorder.Updating(page);
                        page.Edit(proposal.Title, MarkdownDocument.ToTiptap(proposal.Content), now);
                    }
                    break;
                case ProposalTargetType.Phase:
                    var phase = Existing(graph.Phases, proposal, targetId);
                    if (metadata.Delete) graph.DeletePhase(phase);
                    else
                    {
                        recorder.Updating(phase);
                        phase.Edit(proposal.Title, MarkdownDocument.ToTiptap(proposal.Content), null, now);
                    }
                    break;
                default:
                    var task = Existing(graph.Tasks, proposal, targetId);
                    if (metadata.Delete) graph.DeleteTask(task);
                    else
                    {
                        recorder.Updating(task);
                        task.Edit(proposal.Title, proposal.Content, Category(metadata), Priority(metadata),
                            metadata.Order, now);
                        task.Declare(metadata.Files, null, now);
                    }
                    break;
            }
            return targetId;
        }

        switch (proposal.TargetType)
        {
            case ProposalTargetType.Page:
                var parent = metadata.ParentPageId is { } parentRef
                    ? graph.Pages[resolver.Resolve(proposal, ProposalTargetType.Page, parentRef)]
                    : graph.RootPage;
                // A proposal's sortOrder orders the proposals; their pages go after the parent's existing ones, in that
                // order.
                var page = Page.Create(parent, proposal.Title, MarkdownDocument.ToTiptap(proposal.Content), null, now);
                graph.InsertPage(page, null);
                recorder.Created(page);
                return page.Id;
            case ProposalTargetType.Phase:
                var phase = Phase.Create(graph.Initiative, proposal.Title, MarkdownDocument.ToTiptap(proposal.Content),
                    now);
                graph.AddPhase(phase);
                recorder.Created(phase);
                return phase.Id;
            default:
                var inPhase = metadata.PhaseId is { } phaseRef
                    ? graph.Phases[resolver.Resolve(proposal, ProposalTargetType.Phase, phaseRef)] : null;
                var parentTask = metadata.ParentTaskId is { } taskRef
                    ? graph.Tasks[resolver.Resolve(proposal, ProposalTargetType.Task, taskRef)] : null;
                var task = PlanTask.Create(graph.Initiative, inPhase, parentTask, proposal.Title, proposal.Content,
                    Category(metadata) ?? TaskCategory.Execute, Priority(metadata) ?? TaskPriority.Medium,
                        metadata.Order ?? proposal.SortOrder, now, files: metadata.Files);
                graph.AddTask(task);
                recorder.Created(task);
                return task.Id;
        }
    }

    private static void AddDependency(Proposal proposal, InitiativeGraph graph, ChangeRecorder recorder, string target,
        DateTimeOffset now)
    {
        if (proposal.TargetType == ProposalTargetType.Phase)
        {
            var phase = graph.Phases[proposal.AppliedEntityId!];
            recorder.Updating(phase);
            if (phase.DependOn(graph.Phases[target], graph.PhaseGraph(), now))
                recorder.DependencyAdded(ChangeSetEntry.PhaseDependency, phase.Id, target);
        }
        else
        {
            var task = graph.Tasks[proposal.AppliedEntityId!];
            recorder.Updating(task);
            if (task.DependOn(graph.Tasks[target], graph.TaskGraph(), now))
                recorder.DependencyAdded(ChangeSetEntry.TaskDependency, task.Id, target);
        }
    }

    private static T Existing<T>(Dictionary<string, T> entities, Proposal proposal, string targetId) =>
        entities.TryGetValue(targetId, out var entity)
            ? entity
            : throw new ConflictException(
                $"Proposal '{proposal.Title}' targets {proposal.TargetType.ToText()} '{targetId}', which is not (or " +
                    "no longer) part of this initiative.",
                "Proposal target missing");

    private static TaskCategory? Category(ProposalMetadata m) => m.Category is null ? null
        : EnumText.FromText<TaskCategory>(m.Category);
    private static TaskPriority? Priority(ProposalMetadata m) => m.Priority is null ? null
        : EnumText.FromText<TaskPriority>(m.Priority);

    /// <summary>Maps a reference (proposal id, fileId or entity id) to an entity of the initiative.</summary>
    private sealed class Resolver
    {
        private readonly InitiativeGraph _graph;
        private readonly Dictionary<(ProposalTargetType, string), string> _applied = [];
        private readonly List<Proposal> _pendingElsewhere;

        public Resolver(InitiativeGraph graph, List<Proposal> otherProposals)
        {
            _graph = graph;
            foreach (var p in otherProposals.Where(p => p.Status == ProposalStatus.Accepted
                && p.AppliedEntityId is not null)) Remember(p, p.AppliedEntityId!);
            _pendingElsewhere = [.. otherProposals.Where(p => p.Status == ProposalStatus.Pending)];
        }

        public void Remember(Proposal proposal, string entityId)
        {
            _applied[(proposal.TargetType, proposal.Id)] = entityId;
            if (proposal.ParsedMetadata().FileId is { } fileId) _applied[(proposal.TargetType, fileId)] = entityId;
        }

        public string Resolve(Proposal from, ProposalTargetType type, string reference)
        {
            if (_applied.TryGetValue((type, reference), out var id) && Exists(type, id)) return id;
            if (Exists(type, reference)) return reference;
            var pending = _pendingElsewhere.FirstOrDefault(p => p.TargetType == type
                && (p.Id == reference || p.ParsedMetadata().FileId == reference));
            if (pending is not null)
                throw new ConflictException(
                    $"Proposal '{from.Title}' refers to proposal '{pending.Title}' ({reference}), which is still " +
                        "pending: accept it first, or accept all of the agent's proposals together.",
                    "Unresolved proposal reference");
            throw new ValidationException("metadata",
                $"Proposal '{from.Title}' refers to '{reference}', which is neither a {type.ToText()} of this " +
                    $"initiative nor a {type.ToText()} proposal.");
        }

        private bool Exists(ProposalTargetType type, string id) => type switch
        {
            ProposalTargetType.Page => _graph.Pages.ContainsKey(id),
            ProposalTargetType.Phase => _graph.Phases.ContainsKey(id),
            _ => _graph.Tasks.ContainsKey(id),
        };
    }
}

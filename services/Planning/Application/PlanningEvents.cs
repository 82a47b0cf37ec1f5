using Codewalkers.Contracts.Planning;
using Codewalkers.Messaging.Outbox;
using Codewalkers.Planning.Domain;
using Codewalkers.Planning.Infrastructure;
using Codewalkers.SharedKernel;

namespace Codewalkers.Planning.Application;

/// <summary>
/// Writes the integration event for a change to the outbox; it commits with the change in the caller's SaveChanges.
/// Events carry what read models elsewhere need: ids, names, descriptions, statuses, dependencies and the Version.
/// </summary>
public static class PlanningEvents
{
    public static void Created(this PlanningDbContext db, Initiative i) => db.Publish(new InitiativeCreated(
        i.Id, i.Name, i.Status.ToText(), i.Branch, i.ExecutionMode.ToText(), i.QualityReview, ProjectIds(i), i.Version, i.UpdatedAt));

    public static void Updated(this PlanningDbContext db, Initiative i) => db.Publish(new InitiativeUpdated(
        i.Id, i.Name, i.Status.ToText(), i.Branch, i.ExecutionMode.ToText(), i.QualityReview, ProjectIds(i), i.Version, i.UpdatedAt));

    public static void Deleted(this PlanningDbContext db, Initiative i, DateTimeOffset now) =>
        db.Publish(new InitiativeDeleted(i.Id, i.Version + 1, now));

    public static void Created(this PlanningDbContext db, Page p) =>
        db.Publish(new PageCreated(p.Id, p.InitiativeId, p.ParentPageId, p.Title, p.SortOrder, p.Version, p.UpdatedAt));

    public static void Updated(this PlanningDbContext db, Page p) =>
        db.Publish(new PageUpdated(p.Id, p.InitiativeId, p.ParentPageId, p.Title, p.SortOrder, p.Version, p.UpdatedAt));

    public static void Deleted(this PlanningDbContext db, Page p, DateTimeOffset now) =>
        db.Publish(new PageDeleted(p.Id, p.InitiativeId, p.Version + 1, now));

    public static void Created(this PlanningDbContext db, Phase p) => db.Publish(new PhaseCreated(
        p.Id, p.InitiativeId, p.Name, p.Status.ToText(), [.. p.DependsOn], p.Version, p.UpdatedAt));

    public static void Updated(this PlanningDbContext db, Phase p) => db.Publish(new PhaseUpdated(
        p.Id, p.InitiativeId, p.Name, p.Status.ToText(), [.. p.DependsOn], p.Version, p.UpdatedAt));

    public static void Deleted(this PlanningDbContext db, Phase p, DateTimeOffset now) =>
        db.Publish(new PhaseDeleted(p.Id, p.InitiativeId, p.Version + 1, now));

    public static void Created(this PlanningDbContext db, PlanTask t) => db.Publish(new TaskCreated(
        t.Id, t.PhaseId, t.InitiativeId, t.ParentTaskId, t.Name, t.Description, t.Category.ToText(), t.Priority.ToText(),
        t.Status.ToText(), [.. t.DependsOn], t.Version, t.UpdatedAt));

    public static void Updated(this PlanningDbContext db, PlanTask t) => db.Publish(new TaskUpdated(
        t.Id, t.PhaseId, t.InitiativeId, t.ParentTaskId, t.Name, t.Description, t.Category.ToText(), t.Priority.ToText(),
        t.Status.ToText(), [.. t.DependsOn], t.Version, t.UpdatedAt));

    public static void Deleted(this PlanningDbContext db, PlanTask t, DateTimeOffset now) =>
        db.Publish(new TaskDeleted(t.Id, t.PhaseId, t.InitiativeId, t.Version + 1, now));

    public static void Created(this PlanningDbContext db, Proposal p) => db.Publish(new ProposalCreated(
        p.Id, p.InitiativeId, p.AgentId, p.TargetType.ToText(), p.TargetId, p.Title, p.Version, p.UpdatedAt));

    public static void StatusChanged(this PlanningDbContext db, Proposal p) => db.Publish(new ProposalStatusChanged(
        p.Id, p.InitiativeId, p.AgentId, p.Status.ToText(), p.AppliedEntityId, p.ChangeSetId, p.Version, p.UpdatedAt));

    private static string[] ProjectIds(Initiative i) => [.. i.Projects.Select(p => p.ProjectId).Order(StringComparer.Ordinal)];
}

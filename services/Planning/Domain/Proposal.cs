using System.Text.Json;
using Codewalkers.Contracts.Planning;
using Codewalkers.ServiceDefaults;
using Codewalkers.SharedKernel;
using Codewalkers.SharedKernel.Errors;

namespace Codewalkers.Planning.Domain;

/// <summary>
/// A change an architect agent suggests (create or update a page, phase or task), applied only when the user accepts
/// it.
/// <see cref="Metadata"/> is JSON: fileId (the agent's own id for it), dependencies (fileIds, proposal ids or
/// existing ids), phaseId, parentPageId, parentTaskId, category, priority, order, and action "delete".
/// </summary>
public sealed class Proposal : VersionedEntity
{
    public const int MaxMetadataLength = 100_000;

    public string InitiativeId { get; private set; } = "";
    public string AgentId { get; private set; } = "";
    public ProposalTargetType TargetType { get; private set; }
    /// <summary>The entity to update or delete; null for a create.</summary>
    public string? TargetId { get; private set; }
    public string Title { get; private set; } = "";
    public string? Summary { get; private set; }
    /// <summary>Markdown body.</summary>
    public string? Content { get; private set; }
    public string? Metadata { get; private set; }
    public ProposalStatus Status { get; private set; }
    public int SortOrder { get; private set; }
    /// <summary>The entity accepting it created, updated or deleted.</summary>
    public string? AppliedEntityId { get; private set; }
    public string? ChangeSetId { get; private set; }

    private Proposal() { }

    public static Proposal Create(
        Initiative initiative, string? agentId, ProposalTargetType targetType, string? targetId, string? title,
        string? summary, string? content, string? metadata, int? sortOrder, DateTimeOffset now)
    {
        var proposal = new Proposal
        {
            InitiativeId = initiative.Id,
            AgentId = Guard.Name("agentId", agentId, 100),
            TargetType = targetType,
            TargetId = string.IsNullOrWhiteSpace(targetId) ? null : targetId.Trim(),
            Title = Guard.Name("title", title),
            Summary = Guard.Optional("summary", summary, Guard.MaxDescriptionLength),
            Content = Guard.Optional("content", content, Guard.MaxContentLength),
            Metadata = Guard.Optional("metadata", metadata, MaxMetadataLength),
            Status = ProposalStatus.Pending,
            SortOrder = Guard.SortOrder("sortOrder", sortOrder),
        };
        var parsed = ProposalMetadata.Parse(proposal.Metadata);
        if (targetType == ProposalTargetType.Page && parsed.Dependencies.Count > 0)
            throw new ValidationException("metadata",
                "Pages have no dependencies; only phase and task proposals may list them.");
        if (parsed.Delete && proposal.TargetId is null)
            throw new ValidationException("targetId", "A delete proposal names the entity to delete in targetId.");
        proposal.Created(Ids.New(), now);
        return proposal;
    }

    public ProposalMetadata ParsedMetadata() => ProposalMetadata.Parse(Metadata);

    public void Accept(string appliedEntityId, string changeSetId, DateTimeOffset now)
    {
        EnsurePending("accept");
        Status = ProposalStatus.Accepted;
        AppliedEntityId = appliedEntityId;
        ChangeSetId = changeSetId;
        Touch(now);
    }

    /// <summary>
    /// The change set that applied this proposal was reverted: it is pending again, as if never accepted, so the user
    /// can accept it anew or dismiss it. What it had created is gone, so it no longer names an applied entity.
    /// </summary>
    public void ReturnToPending(DateTimeOffset now)
    {
        if (Status != ProposalStatus.Accepted)
            throw new ConflictException($"Cannot return proposal '{Title}' to pending: it is {Status.ToText()}, not " +
                "accepted.", "Impossible transition");
        Status = ProposalStatus.Pending;
        AppliedEntityId = null;
        ChangeSetId = null;
        Touch(now);
    }

    public void Dismiss(DateTimeOffset now)
    {
        EnsurePending("dismiss");
        Status = ProposalStatus.Dismissed;
        Touch(now);
    }

    protected override object CreatedEvent() =>
        new ProposalCreated(Id, InitiativeId, AgentId, TargetType.ToText(), TargetId, Title, Version, UpdatedAt);

    /// <summary>A proposal changes only by its status.</summary>
    protected override object UpdatedEvent() => new ProposalStatusChanged(
        Id, InitiativeId, AgentId, Status.ToText(), AppliedEntityId, ChangeSetId, Version, UpdatedAt);

    private void EnsurePending(string action)
    {
        if (Status != ProposalStatus.Pending)
            throw new ConflictException($"Cannot {action} proposal '{Title}': it is already {Status.ToText()}.",
                "Impossible transition");
    }
}

/// <summary>The parsed metadata of a proposal.</summary>
public sealed record ProposalMetadata(
    string? FileId, IReadOnlyList<string> Dependencies, string? PhaseId, string? ParentPageId, string? ParentTaskId,
    string? Category, string? Priority, int? Order, bool Delete, IReadOnlyList<string>? Files = null)
{
    public static readonly ProposalMetadata Empty = new(null, [], null, null, null, null, null, null, false);

    public static ProposalMetadata Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json)) return Empty;
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw Invalid("must be a JSON object");
            var dependencies = new List<string>();
            if (root.TryGetProperty("dependencies", out var deps) && deps.ValueKind != JsonValueKind.Null)
            {
                if (deps.ValueKind != JsonValueKind.Array) throw Invalid("dependencies must be an array of ids");
                foreach (var dep in deps.EnumerateArray())
                {
                    if (dep.ValueKind != JsonValueKind.String
                        || string.IsNullOrWhiteSpace(dep.GetString())) throw Invalid("dependencies must be an array " +
                        "of ids");
                    dependencies.Add(dep.GetString()!);
                }
            }
            List<string>? files = null;
            if (root.TryGetProperty("files", out var paths) && paths.ValueKind != JsonValueKind.Null)
            {
                if (paths.ValueKind != JsonValueKind.Array
                    || paths.EnumerateArray().Any(p => p.ValueKind != JsonValueKind.String))
                    throw Invalid("files must be an array of paths");
                files = [.. TaskPaths.Validate("metadata.files",
                    [.. paths.EnumerateArray().Select(p => p.GetString())])];
            }
            var action = Text(root, "action");
            if (action is not null and not "delete") throw Invalid($"action '{action}' is unknown (only 'delete')");
            var category = Text(root, "category");
            if (category is not null) EnumText.Parse<TaskCategory>("metadata.category", category);
            var priority = Text(root, "priority");
            if (priority is not null) EnumText.Parse<TaskPriority>("metadata.priority", priority);
            int? order = root.TryGetProperty("order", out var o) && o.ValueKind != JsonValueKind.Null
                ? o.ValueKind == JsonValueKind.Number && o.TryGetInt32(out var n) ? n
                    : throw Invalid("order must be an integer")
                : null;
            return new ProposalMetadata(
                Text(root, "fileId"), dependencies, Text(root, "phaseId"), Text(root, "parentPageId"),
                Text(root, "parentTaskId"), category, priority, order, action == "delete", files);
        }
        catch (JsonException ex)
        {
            throw Invalid($"is not valid JSON: {ex.Message}");
        }
    }

    private static string? Text(JsonElement root, string name) =>
        !root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null ? null
        : value.ValueKind == JsonValueKind.String ? value.GetString()
        : throw Invalid($"{name} must be a string");

    private static ValidationException Invalid(string problem) => new("metadata", $"Metadata {problem}.");
}

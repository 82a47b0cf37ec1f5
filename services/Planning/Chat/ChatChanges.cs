using System.Text.Json;
using Codewalkers.Contracts.Chat;
using Codewalkers.Planning.Application;
using Codewalkers.Planning.Domain;
using Codewalkers.Planning.Infrastructure;
using Codewalkers.SharedKernel;

namespace Codewalkers.Planning.Chat;

/// <summary>
/// A change set's entries as the chat shows them: entity type (page | phase | task | dependency), id, action and a
/// title (a dependency's is "A -> B" by name), one per entry, in the order they were applied.
/// </summary>
internal static class ChatChanges
{
    public static IReadOnlyList<ChatChange> Of(PlanningDbContext db, ChangeSet changeSet)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in changeSet.Entries)
            if (Title(entry) is { } title) names[entry.EntityId] = title;
        foreach (var phase in db.Phases.Local) names.TryAdd(phase.Id, phase.Name);
        foreach (var task in db.Tasks.Local) names.TryAdd(task.Id, task.Name);
        return [.. changeSet.Entries.OrderBy(e => e.Sequence).Select(e => e.EntityType switch
        {
            ChangeSetEntry.PhaseDependency or ChangeSetEntry.TaskDependency => Dependency(e, names),
            _ => new ChatChange(e.EntityType, e.EntityId, e.Action.ToText(), names.GetValueOrDefault(e.EntityId, "")),
        })];
    }

    private static ChatChange Dependency(ChangeSetEntry entry, Dictionary<string, string> names)
    {
        var edge = ChangeRecorder.Deserialize<DependencySnapshot>((entry.After ?? entry.Before)!);
        return new ChatChange("dependency", entry.EntityId, entry.Action.ToText(),
            $"{names.GetValueOrDefault(edge.From, edge.From)} -> {names.GetValueOrDefault(edge.To, edge.To)}");
    }

    /// <summary>The page's title or the phase's or task's name, from its snapshot.</summary>
    private static string? Title(ChangeSetEntry entry)
    {
        var json = entry.After ?? entry.Before;
        if (json is null) return null;
        using var document = JsonDocument.Parse(json);
        foreach (var key in new[] { "name", "title" })
            if (document.RootElement.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.String)
                return value.GetString();
        return null;
    }
}

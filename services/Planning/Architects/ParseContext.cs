
namespace Codewalkers.Planning.Architects;

/// <summary>
/// Resolves the references between one run's phase or task files: to another file of the run (as its unique fileId), to
/// an existing entity, or, for a task dropped as a duplicate, to what it duplicates. Finds cycles among the files.
/// </summary>
internal sealed class ParseContext(string mode, string assignmentId, PlanIds plan, IReadOnlyList<OutputFile> files,
    List<string> problems, IReadOnlySet<string> unreadable)
{
    private readonly Dictionary<string, OutputFile> _byId = files.ToDictionary(f => f.Id, StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _edges = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _duplicates = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _titles = new(StringComparer.OrdinalIgnoreCase);

    public PlanIds Plan => plan;
    public IReadOnlyList<OutputFile> Files => files;
    public List<string> Problems => problems;

    /// <summary>
    /// The proposal's fileId: the agent's id, prefixed by the run so two runs' "api" never meet in the resolver.
    /// </summary>
    public string FileId(string id) => $"{assignmentId}/{id}";

    /// <summary>
    /// SPEC-ORIGINAL §2.2 task dedup: a new task named like an existing task of the phase, a pending proposal for it,
    /// or an
    /// earlier file of this run is dropped; what it duplicates is returned, and references to it are redirected there.
    /// </summary>
    public string? Duplicate(OutputFile file, string title)
    {
        var key = title.Trim();
        var existing = plan.Tasks.Values.FirstOrDefault(t => t.PhaseId == plan.DetailPhaseId
            && string.Equals(t.Name.Trim(), key, StringComparison.OrdinalIgnoreCase))?.Id
            ?? (_titles.TryGetValue(key, out var earlier) ? FileId(earlier) : null)
            ?? plan.PendingTaskTitles.GetValueOrDefault(key);
        if (existing is null) _titles[key] = file.Id;
        else _duplicates[file.Id] = existing;
        return existing;
    }

    /// <summary>The file's dependencies as references the applier resolves; problems for unknown ones.</summary>
    public IReadOnlyList<string> Dependencies(OutputFile file, Func<string, bool> exists, string kind)
    {
        var key = file.Parsed.Fields.ContainsKey("dependencies") ? "dependencies" : "dependsOn";
        if (!file.Parsed.Fields.TryGetValue(key, out var value)) return [];
        var references = value.List ?? (value.Scalar is { } one ? [one] : []);
        var resolved = new List<string>();
        foreach (var reference in references.Select(r => r.Trim()).Distinct(StringComparer.Ordinal))
        {
            if (reference == file.Id) file.Problem($"it depends on itself");
            else if (_byId.ContainsKey(reference))
            {
                resolved.Add(reference);
                (_edges.TryGetValue(file.Id, out var list) ? list : _edges[file.Id] = []).Add(reference);
            }
            else if (exists(reference)) resolved.Add(reference);
            else if (unreadable.Contains(reference)) continue; // already reported as malformed
            else file.Problem($"dependency '{reference}' is neither another {kind} file of this output nor an " +
                $"existing {kind} of the initiative");
        }
        return resolved;
    }

    /// <summary>Rewrites file references (after dedup is known) to what the applier resolves.</summary>
    public IReadOnlyList<string> Resolve(IReadOnlyList<string> dependencies) =>
        [.. dependencies.Select(d => _duplicates.TryGetValue(d, out var target) ? target : _byId.ContainsKey(d)
            ? FileId(d) : d).Distinct(StringComparer.Ordinal)];

    public void CheckCycles()
    {
        var state = new Dictionary<string, int>(StringComparer.Ordinal); // 1 visiting, 2 done
        foreach (var file in files)
        {
            if (Visit(file.Id, state, []) is { } cycle)
            {
                problems.Add($"{Architects.ArchitectOutputs.Folder(mode)}/: the dependencies form a cycle: " +
                    $"{string.Join(" -> ", cycle)}");
                return;
            }
        }
    }

    private List<string>? Visit(string id, Dictionary<string, int> state, List<string> path)
    {
        if (state.GetValueOrDefault(id) == 2) return null;
        path.Add(id);
        if (state.GetValueOrDefault(id) == 1) return path[path.IndexOf(id)..];
        state[id] = 1;
        foreach (var next in _edges.GetValueOrDefault(id) ?? [])
            if (Visit(next, state, path) is { } cycle) return cycle;
        state[id] = 2;
        path.RemoveAt(path.Count - 1);
        return null;
    }
}

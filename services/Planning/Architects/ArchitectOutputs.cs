using System.Text.Json;
using System.Text.RegularExpressions;
using Codewalkers.Contracts.Agents;
using Codewalkers.Planning.Domain;
using Codewalkers.SharedKernel;
using Codewalkers.SharedKernel.Errors;

namespace Codewalkers.Planning.Architects;

/// <summary>
/// Turns an architect's output files into proposal drafts, all or nothing: every problem in every file is collected,
/// and one is enough for no draft at all (docs/architects.md has the formats). References between files (dependencies)
/// are rewritten to fileIds made unique by the assignment id, so the applier's second pass can never resolve them to
/// another run's proposal of the same name.
/// </summary>
public static partial class ArchitectOutputs
{
    public static string Folder(string mode) => mode switch
    {
        AgentModes.Discuss => "decisions",
        AgentModes.Plan => "phases",
        AgentModes.Refine => "pages",
        AgentModes.Detail => "tasks",
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "not an architect mode"),
    };

    /// <summary>The architect modes whose folders a chat agent writes: pages/, phases/ and tasks/.</summary>
    public static readonly IReadOnlyList<string> ChatModes = [AgentModes.Refine, AgentModes.Plan, AgentModes.Detail];

    /// <summary>
    /// Several modes' folders of one run at once (a chat turn's), each by its own mode's rules; all or nothing across
    /// them, with the problems of every folder.
    /// </summary>
    public static IReadOnlyList<ProposalDraft> Parse(IReadOnlyList<string> modes, string runId,
        IReadOnlyList<(string Path, string Content)> outputs, PlanIds plan)
    {
        var problems = new List<string>();
        var drafts = new List<ProposalDraft>();
        foreach (var mode in modes)
        {
            try { drafts.AddRange(Parse(mode, runId, outputs, plan)); }
            catch (MalformedOutputException ex) { problems.AddRange(ex.Problems); }
        }
        if (problems.Count > 0) throw new MalformedOutputException(problems);
        return drafts;
    }

    public static IReadOnlyList<ProposalDraft> Parse(string mode, string assignmentId,
        IReadOnlyList<(string Path, string Content)> outputs, PlanIds plan)
    {
        var folder = Folder(mode) + "/";
        var problems = new List<string>();
        var files = new List<OutputFile>();
        // unreadable files: references to them are not a second problem
        var broken = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (path, content) in outputs.Where(o => o.Path.StartsWith(folder, StringComparison.Ordinal))
            .OrderBy(o => o.Path, StringComparer.Ordinal))
        {
            var name = path[folder.Length..];
            if (name.Contains('/') || !name.EndsWith(".md", StringComparison.Ordinal))
            {
                problems.Add($"{path}: expected {folder}<id>.md, a markdown file directly in {folder}");
                continue;
            }
            try
            {
                var parsed = FrontMatterReader.Parse(content);
                var id = Text(parsed, "id") ?? name[..^3];
                if (!FileIdPattern()
                    .IsMatch(id)) throw new FrontMatterException($"id '{id}' is not a short slug of letters, " +
                    "digits, '-' and '_'");
                files.Add(new OutputFile(path, id, parsed));
            }
            catch (FrontMatterException ex)
            {
                problems.Add($"{path}: {ex.Message}");
                broken.Add(name[..^3]);
            }
        }
        foreach (var duplicate in files.GroupBy(f => f.Id, StringComparer.Ordinal).Where(g => g.Count() > 1))
            problems.Add($"{string.Join(" and ", duplicate.Select(f => f.Path))}: the same id '{duplicate.Key}' twice");
        if (problems.Count > 0 && files.GroupBy(f => f.Id)
            .Any(g => g.Count() > 1)) throw new MalformedOutputException(problems);

        // Every readable file is still checked, so the agent (and user) learn about all problems at once.
        var context = new ParseContext(mode, assignmentId, plan, files, problems, broken);
        var drafts = mode switch
        {
            AgentModes.Discuss => files.Select(Decision).ToList(),
            AgentModes.Plan => PhaseDrafts(context),
            AgentModes.Refine => files.Select(f => PageDraft(f, plan)).ToList(),
            _ => TaskDrafts(context),
        };
        problems.AddRange(files.SelectMany(f => f.Problems));
        if (problems.Count > 0) throw new MalformedOutputException(problems);
        return [.. drafts.OfType<ProposalDraft>().Select((d, i) => d with { SortOrder = i })];
    }

    private static ProposalDraft? Decision(OutputFile file)
    {
        var topic = Required(file, "topic", "title");
        var decision = Text(file, "decision");
        if (topic is null) return null;
        var content = decision is null ? file.Parsed.Body : $"**Decision:** {decision}\n\n{file.Parsed.Body}".Trim();
        return new ProposalDraft(file.Path, ProposalTargetType.Page, null, $"Decision: {topic}", decision, content,
            Metadata(file, null), 0);
    }

    private static ProposalDraft? PageDraft(OutputFile file, PlanIds plan)
    {
        var title = Required(file, "title", "name");
        var update = plan.Pages.Contains(file.Id);
        var parent = Text(file, "parentPageId");
        if (parent is not null
            && !plan.Pages.Contains(parent)) file.Problem($"parentPageId '{parent}' is not a page of this initiative");
        if (parent is not null
            && update) file.Problem("parentPageId is only for new pages; this file rewrites an existing page");
        var metadata = Metadata(file, null, ("parentPageId", parent), ("action", Delete(file, update)));
        return title is null ? null
            : new ProposalDraft(file.Path, ProposalTargetType.Page, update ? file.Id : null, title,
                Text(file, "summary"), file.Parsed.Body, metadata, 0);
    }

    private static List<ProposalDraft?> PhaseDrafts(ParseContext context)
    {
        var drafts = new List<ProposalDraft?>();
        foreach (var file in context.Files)
        {
            var title = Required(file, "title", "name");
            var update = context.Plan.Phases.Contains(file.Id);
            var dependencies = context.Resolve(context.Dependencies(file, context.Plan.Phases.Contains, "phase"));
            var metadata = Metadata(file, dependencies, ("fileId", context.FileId(file.Id)),
                ("action", Delete(file, update)));
            drafts.Add(title is null ? null
                : new ProposalDraft(file.Path, ProposalTargetType.Phase, update ? file.Id : null, title,
                    Text(file, "summary"), file.Parsed.Body, metadata, 0));
        }
        context.CheckCycles();
        return drafts;
    }

    private static List<ProposalDraft?> TaskDrafts(ParseContext context)
    {
        // Dedup first, so a dependency on a dropped duplicate is redirected whichever file comes first.
        var titles = context.Files.ToDictionary(f => f, f => Required(f, "title", "name"));
        var kept = context.Files
            .Where(f => titles[f] is not { } title || context.Plan.Tasks.ContainsKey(f.Id)
                || context.Duplicate(f, title) is null).ToList();
        var drafts = new List<ProposalDraft?>();
        foreach (var file in kept)
        {
            var update = context.Plan.Tasks.ContainsKey(file.Id);
            var dependencies = context.Dependencies(file, context.Plan.Tasks.ContainsKey, "task");
            var metadata = Metadata(file, context.Resolve(dependencies), Files(file),
                ("fileId", context.FileId(file.Id)),
                ("phaseId", update ? null : context.Plan.DetailPhaseId),
                ("category", Enum<TaskCategory>(file, "category")),
                ("priority", Enum<TaskPriority>(file, "priority")), ("action", Delete(file, update)));
            drafts.Add(titles[file] is not { } title ? null
                : new ProposalDraft(file.Path, ProposalTargetType.Task, update ? file.Id : null, title,
                    Text(file, "summary"), file.Parsed.Body, metadata, 0));
        }
        context.CheckCycles();
        return drafts;
    }

    private static string? Required(OutputFile file, string key, string alias)
    {
        var value = Text(file, key) ?? Text(file, alias);
        if (string.IsNullOrWhiteSpace(value)) file.Problem($"'{key}' is missing");
        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }

    private static string? Enum<T>(OutputFile file, string key) where T : struct, Enum
    {
        var value = Text(file, key)?.Trim().ToLowerInvariant();
        if (value is null || EnumText.TryParse<T>(value, out _)) return value;
        file.Problem($"{key} '{value}' is not one of: " +
            $"{string.Join(", ", System.Enum.GetValues<T>().Select(v => v.ToText()))}");
        return null;
    }

    private static string? Delete(OutputFile file, bool update)
    {
        var action = Text(file, "action");
        if (action is null) return null;
        if (action != "delete") file.Problem($"action '{action}' is unknown (only 'delete')");
        else if (!update) file.Problem($"action delete names no existing entity: '{file.Id}' is not one");
        return action == "delete" ? action : null;
    }

    private static string? Text(OutputFile file, string key)
    {
        if (!file.Parsed.Fields.TryGetValue(key, out var value)) return null;
        if (value.IsList) { file.Problem($"'{key}' must be text, not a list"); return null; }
        return value.Scalar;
    }

    private static string? Text(FrontMatterFile parsed, string key) =>
        parsed.Fields.TryGetValue(key, out var value) && !value.IsList ? value.Scalar : null;

    /// <summary>
    /// The paths a task file declares it will touch (<c>files:</c>, a list or one path); a bad path is reported like
    /// any other problem of the file.
    /// </summary>
    private static IReadOnlyList<string>? Files(OutputFile file)
    {
        if (!file.Parsed.Fields.TryGetValue("files", out var value)) return null;
        try
        {
            return TaskPaths.Validate("files", value.List ?? (value.Scalar is { } one ? [one] : []));
        }
        catch (ValidationException ex)
        {
            file.Problem(ex.Errors.SelectMany(e => e.Value).First());
            return null;
        }
    }

    private static string Metadata(OutputFile file, IReadOnlyList<string>? dependencies,
        params (string Key, string? Value)[] fields) => Metadata(file, dependencies, null, fields);

    private static string Metadata(OutputFile file, IReadOnlyList<string>? dependencies, IReadOnlyList<string>? files,
        params (string Key, string? Value)[] fields)
    {
        var metadata = new Dictionary<string, object>();
        foreach (var (key, value) in fields) if (value is not null) metadata[key] = value;
        if (dependencies is { Count: > 0 }) metadata["dependencies"] = dependencies;
        if (files is { Count: > 0 }) metadata["files"] = files;
        metadata["sourceFile"] = file.Path;
        return JsonSerializer.Serialize(metadata);
    }

    // Existing ids are nanoids, which may start with '-' or '_', and a file named after one updates it.
    [GeneratedRegex(@"^[A-Za-z0-9_-]{1,100}$")]
    private static partial Regex FileIdPattern();
}

using System.Globalization;
using System.Text.Json;
using Codewalkers.Cli.Core;
using Spectre.Console;

namespace Codewalkers.Cli.Errands;

/// <summary>
/// An errand as a person reads it (the API's JSON: GET /api/errands/{id}): its fields, the conflicting files when in
/// conflict, its thread oldest first, and the command that moves it on.
/// </summary>
public static class ErrandView
{
    public static readonly Column[] ListColumns =
    [
        new("ID", "id"), new("STATUS", Status), new("BRANCH", "branch"), new("AGENT", Agent),
        new("DESCRIPTION", e => Shorten(Json.Text(e, "description"), 60)),
        new("UPDATED", e => Json.Time(e, "updatedAt")),
    ];

    /// <summary>The status, and "(merging)" while its merge is under way.</summary>
    public static string Status(JsonElement errand) =>
        Json.Text(errand, "status") + (IsMerging(errand) ? " (merging)" : "");

    public static bool IsMerging(JsonElement errand) => Json.Find(errand, "merging")?.ValueKind == JsonValueKind.True;

    public static bool IsAgentGone(JsonElement errand) =>
        Json.Find(errand, "agentGone")?.ValueKind == JsonValueKind.True;

    /// <summary>"brave-otter (running)", "brave-otter (gone)", or "-" before the agent has started.</summary>
    public static string Agent(JsonElement errand)
    {
        var name = Json.String(errand, "agentName") ?? Json.String(errand, "agentId");
        if (name is null) return "-";
        var state = IsAgentGone(errand) ? "gone" : Json.String(errand, "agentStatus");
        return state is null ? name : $"{name} ({state})";
    }

    public static string ConflictFiles(JsonElement errand) =>
        string.Join(", ", Json.Items(errand, "conflictFiles").Select(Json.Show));

    /// <summary>The fields, the conflict, the thread and what to do next.</summary>
    public static void Print(IAnsiConsole console, JsonElement errand)
    {
        var fields = new List<Column>
        {
            new("ID", "id"), new("DESCRIPTION", "description"), new("PROJECT", "projectId"), new("STATUS", Status),
            new("BRANCH", e => $"{Json.Text(e, "branch")} (from {Json.Text(e, "baseBranch")})"),
            new("AGENT", e => Json.String(e, "agentId") is { } id ? $"{Agent(e)}, id {id}" : "-"),
            new("PROVIDER", "provider"), new("SUMMARY", "summary"), new("ERROR", "error"),
        };
        if (Json.Items(errand, "conflictFiles").Any()) fields.Add(new("CONFLICT IN", ConflictFiles));
        if (Json.String(errand, "mergeCommit") is not null) fields.Add(new("MERGED", Merged));
        fields.Add(new("CREATED", e => Json.Time(e, "createdAt")));
        fields.Add(new("UPDATED", e => Json.Time(e, "updatedAt")));
        var grid = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        foreach (var field in fields) grid.AddRow(new Text(field.Header + ":"), new Text(field.Read(errand)));
        console.Write(grid);
        PrintThread(console, errand);
        if (Next(errand) is { } next) console.WriteLine($"Next: {next}");
    }

    /// <summary>The notes oldest first; a note's further lines are indented under its first.</summary>
    private static void PrintThread(IAnsiConsole console, JsonElement errand)
    {
        var notes = Json.Items(errand, "thread").ToList();
        if (notes.Count == 0) return;
        console.WriteLine();
        console.WriteLine("Thread:");
        foreach (var note in notes)
        {
            var lines = (Json.String(note, "text") ?? "").Replace("\r\n", "\n").TrimEnd().Split('\n');
            console.WriteLine($"  {Json.Time(note, "at")}  {Json.Text(note, "author"),-6}  " +
                $"{Json.Text(note, "kind")}: {lines[0]}");
            foreach (var line in lines.Skip(1)) console.WriteLine($"      {line}".TrimEnd());
        }
        console.WriteLine();
    }

    private static string Merged(JsonElement errand) =>
        $"{ShortSha(Json.Text(errand, "mergeCommit"))} into {Json.Text(errand, "baseBranch")} (from " +
        $"{ShortSha(Json.Text(errand, "mergeBase"))}), " +
        (Json.Find(errand, "pushed")?.ValueKind == JsonValueKind.True ? "pushed" : "not pushed");

    /// <summary>The command that moves the errand on from where it is; null when it is finished.</summary>
    public static string? Next(JsonElement errand)
    {
        var id = Json.Text(errand, "id");
        if (IsMerging(errand)) return $"the merge is under way: cw errand get {id}";
        return Json.String(errand, "status") switch
        {
            "active" when IsAgentGone(errand) => $"its agent is gone: cw errand abandon {id}",
            "active" when Json.String(errand, "agentStatus") == "waiting_for_input" =>
                $"its agent waits for your answers: cw inbox, or cw errand chat {id} <answer>",
            "active" when Json.String(errand, "agentStatus") is "crashed" or "stopped" =>
                $"its agent is not working: cw errand chat {id} <message> resumes it",
            "active" when Json.String(errand, "agentName") is { } agent =>
                $"its agent is working: cw agent logs {agent} -f, or cw errand get {id} --wait",
            "active" => $"its agent is starting: cw errand get {id} --wait",
            "pending_review" => $"cw errand diff {id}, then cw errand merge {id} (or request-changes {id} <feedback>)",
            "conflict" => $"cw errand resolve {id} (its agent merges {Json.Text(errand, "baseBranch")} in), " +
                $"or cw errand abandon {id}",
            _ => null,
        };
    }

    /// <summary>The commits, oldest as the API lists them, one line each: sha, date, author, subject.</summary>
    public static void PrintCommits(TextWriter output, JsonElement diff)
    {
        var commits = Json.Items(diff, "commits").ToList();
        output.WriteLine(commits.Count == 0
            ? $"# No commits on {Json.Text(diff, "branch")} since {Json.Text(diff, "baseBranch")}."
            : $"# {commits.Count} commit(s) on {Json.Text(diff, "branch")} since {Json.Text(diff, "baseBranch")} " +
              $"({ShortSha(Json.Text(diff, "mergeBase"))}):");
        // '#' lines before the first "diff --git" header are skipped by git apply: the output still applies.
        foreach (var commit in commits)
            output.WriteLine($"# {ShortSha(Json.Text(commit, "sha"))}  {Json.Time(commit, "date")}  " +
                $"{Json.Text(commit, "author")}  {Json.Text(commit, "subject")}");
    }

    /// <summary>One line per changed file: its git status letter(s) and path.</summary>
    public static void PrintFiles(TextWriter output, JsonElement diff)
    {
        var files = Json.Items(diff, "files").ToList();
        if (files.Count == 0) output.WriteLine("No files changed.");
        foreach (var file in files) output.WriteLine($"{Json.Text(file, "status"),-3} {Json.Text(file, "path")}");
    }

    private static string ShortSha(string sha) => sha.Length > 10 && sha != "-" ? sha[..10] : sha;

    private static string Shorten(string text, int length) =>
        text.Length <= length ? text : text[..(length - 3)].TrimEnd() + "...";

    /// <summary>A time of day for the lines printed while waiting.</summary>
    public static string Clock(DateTimeOffset now) =>
        now.ToLocalTime().ToString("HH:mm:ss", CultureInfo.InvariantCulture);
}

using System.Text.Json;
using Codewalkers.Agents.Workspace;
using Codewalkers.Contracts.Agents;

namespace Codewalkers.Agents.Supervision;

/// <summary>The agent's <c>.cw/output/signal.json</c>: done | questions | error. Anything else is no signal.</summary>
public sealed record SignalFile(string Status, JsonElement Root, DateTimeOffset WrittenAt)
{
    public static SignalFile? Read(AgentPaths paths)
    {
        try
        {
            var info = new FileInfo(paths.Signal);
            if (!info.Exists) return null;
            using var document = JsonDocument.Parse(File.ReadAllText(paths.Signal));
            var root = document.RootElement.Clone();
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("status", out var status)
                || status.ValueKind != JsonValueKind.String)
                return null;
            var value = status.GetString()!;
            if (value is not (SignalOutcomes.Done or SignalOutcomes.Questions or SignalOutcomes.Error)) return null;
            if (value == SignalOutcomes.Questions
                && (!root.TryGetProperty("questions", out var q) || q.ValueKind != JsonValueKind.Array
                || q.GetArrayLength() == 0))
                return null;
            return new SignalFile(value, root, info.LastWriteTimeUtc);
        }
        catch (JsonException) { return null; }
        catch (IOException) { return null; }
    }

    public string QuestionsJson => Root.GetProperty("questions").GetRawText();

    public string? ErrorText =>
        Root.TryGetProperty("error", out var e) ? (e.ValueKind == JsonValueKind.String ? e.GetString() : e.GetRawText())
        : null;

    /// <summary>The one-line summary: result.message, else a top-level message or summary.</summary>
    public string? Summary =>
        Root.TryGetProperty("result", out var r) && r.ValueKind == JsonValueKind.Object
            && r.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String
            ? m.GetString()
            : Root.TryGetProperty("summary", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString()
            : Root.TryGetProperty("message", out var msg)
            && msg.ValueKind == JsonValueKind.String ? msg.GetString() : null;

    /// <summary>
    /// The declared outputs that are missing, or are .json files that do not parse: a done with any is premature.
    /// </summary>
    public static IReadOnlyList<string> MissingOutputs(AgentPaths paths, IReadOnlyList<string> required)
    {
        var missing = new List<string>();
        foreach (var relative in required)
        {
            var file = Path.Combine(paths.Output, relative);
            if (!File.Exists(file)) { missing.Add(relative); continue; }
            if (!relative.EndsWith(".json", StringComparison.OrdinalIgnoreCase)) continue;
            try { using var _ = JsonDocument.Parse(File.ReadAllText(file)); }
            catch (JsonException) { missing.Add($"{relative} (not valid JSON)"); }
        }
        return missing;
    }
}

using System.Text.RegularExpressions;
using Codewalkers.Agents.Providers.Parsers;

namespace Codewalkers.Agents.Providers;

/// <summary>
/// The model of a Codex session, which <c>codex exec --json</c> (0.169.0) never prints: the CLI writes every thread to
/// <c>$CODEX_HOME/sessions/YYYY/MM/DD/rollout-&lt;time&gt;-&lt;thread id&gt;.jsonl</c>, and each turn there starts with a
/// <c>turn_context</c> line whose <c>payload.model</c> is the model the turn asked for (the config's <c>model</c>, or
/// <c>-m</c>). A resumed thread appends to the same file, so the last turn_context is the latest session's model.
/// </summary>
public static partial class CodexRollout
{
    /// <summary>
    /// The model of the thread's last turn, or null when its rollout file is not there (or names none). Without
    /// <paramref name="codexHome"/> the CLI's own default (~/.codex) is read.
    /// </summary>
    public static string? LastModel(string? codexHome, string threadId)
    {
        if (!ThreadId().IsMatch(threadId)) return null;
        var sessions = Path.Combine(codexHome ?? DefaultHome, "sessions");
        if (!Directory.Exists(sessions)) return null;
        var file = Directory.EnumerateFiles(sessions, $"rollout-*-{threadId}.jsonl", SearchOption.AllDirectories)
            .OrderByDescending(File.GetLastWriteTimeUtc).FirstOrDefault();
        return file is null ? null : LastTurnModel(file);
    }

    private static string DefaultHome =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".codex");

    private static string? LastTurnModel(string file)
    {
        string? model = null;
        try
        {
            // The CLI may still append (a hung run stopped late): read what is there, sharing the file.
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            while (reader.ReadLine() is { } line)
            {
                // Most lines are conversation items, some large: only turn_context lines are parsed.
                if (!line.Contains("\"turn_context\"", StringComparison.Ordinal)) continue;
                using var document = JsonLine.TryParse(System.Text.Encoding.UTF8.GetBytes(line));
                if (document?.RootElement is { } root && root.Str("type") == "turn_context"
                    && root.Obj("payload")?.Str("model") is { Length: > 0 } named)
                    model = named;
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Gone or unreadable: the model stays unknown, as for a CLI that never says.
        }
        return model;
    }

    [GeneratedRegex("^[0-9A-Za-z-]{8,64}$")]
    private static partial Regex ThreadId();
}

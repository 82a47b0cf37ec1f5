using System.Text;
using System.Text.Json;
using Codewalkers.Agents.Runners;
using Codewalkers.Contracts.Agents;
using Codewalkers.ServiceDefaults;
using Codewalkers.SharedKernel.Errors;

namespace Codewalkers.Agents.Workspace;

/// <summary>
/// The agent's own files under <c>workspace/agents/&lt;name&gt;/.cw/</c>: its input files and their manifest, the
/// prompt, the signal, the outputs. Git plays no part here (the worktrees beside them: <see cref="AgentWorktrees"/>).
/// </summary>
public sealed class AgentFiles(ThisRunner runner)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>The directory that holds one directory per agent.</summary>
    public string Root => Path.Combine(runner.WorkspaceDirectory, "agents");

    public AgentPaths PathsFor(string agentName) => new(Path.Combine(Root, agentName));

    public static void ValidateInputPath(string path)
    {
        if (string.IsNullOrWhiteSpace(path) || Path.IsPathRooted(path)
            || path.Split('/', '\\').Any(s => s is ".." or ""))
        {
            throw new ValidationException(
                "inputFiles", $"'{path}' must be a relative path inside .cw/input/ without '..'.");
        }
    }

    /// <summary>Writes the input files, their placeholders filled in, and the manifest that lists them.</summary>
    public static void WriteInputs(AgentPaths paths, string agentId, string agentName,
        IReadOnlyList<AgentInputFile> files)
    {
        // A hundred context files share a few directories: each is created once, not asked for once per file.
        var directories = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            ValidateInputPath(file.Path);
            var target = Path.Combine(paths.Input, file.Path);
            var directory = Path.GetDirectoryName(target)!;
            if (directories.Add(directory)) Directory.CreateDirectory(directory);
            File.WriteAllText(target, Substitute(file.Content, agentId, agentName));
        }
        var manifest = new
        {
            files = files.Where(f => !f.IsContext).Select(f => f.Path).ToArray(),
            contextFiles = files.Where(f => f.IsContext).Select(f => f.Path).ToArray(),
            agentId, agentName,
        };
        File.WriteAllText(Path.Combine(paths.Input, "manifest.json"), JsonSerializer.Serialize(manifest, Json));
    }

    /// <summary>Fills in the placeholders an assignment may use for the agent's identity.</summary>
    public static string Substitute(string content, string agentId, string agentName) => content
        .Replace("{AGENT_ID}", agentId, StringComparison.Ordinal)
        .Replace("{AGENT_NAME}", agentName, StringComparison.Ordinal);

    /// <summary>
    /// The prompt of the session about to start; a CLI that reads its prompt from a file reads this one.
    /// </summary>
    public static void WritePrompt(AgentPaths paths, string prompt) => WriteAtomically(paths.PromptFile, prompt);

    /// <summary>
    /// Replaces <paramref name="path"/> in one rename, so a reader never sees it empty or half written.
    /// </summary>
    public static void WriteAtomically(string path, string content)
    {
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        File.WriteAllText(temporary, content);
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Removes any signal before a spawn or resume, so only this session's signal can complete it.</summary>
    public static void ClearSignal(AgentPaths paths)
    {
        Directory.CreateDirectory(paths.Output);
        File.Delete(paths.Signal);
    }

    /// <summary>The files under .cw/output/ (signal included), each and all together size-capped.</summary>
    public static IReadOnlyList<AgentOutputFile> CollectOutputs(AgentPaths paths, int maxFileBytes, int maxTotalBytes)
    {
        if (!Directory.Exists(paths.Output)) return [];
        var result = new List<AgentOutputFile>();
        var total = 0;
        var files = Directory.EnumerateFiles(paths.Output, "*", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var relative = Path.GetRelativePath(paths.Output, file).Replace('\\', '/');
            var content = ReadCapped(file, Math.Min(maxFileBytes, maxTotalBytes - total));
            if (content is null) break;
            total += Encoding.UTF8.GetByteCount(content);
            result.Add(new AgentOutputFile(relative, content));
        }
        return result;
    }

    private static string? ReadCapped(string file, int cap)
    {
        if (cap <= 0) return null;
        using var stream = File.OpenRead(file);
        var buffer = new byte[Math.Min(cap, stream.Length)];
        stream.ReadExactly(buffer);
        return Encoding.UTF8.GetString(buffer);
    }
}

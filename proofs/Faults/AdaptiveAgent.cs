using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Codewalkers.TestSupport;

namespace Codewalkers.Proofs.Faults;

/// <summary>
/// How one agent of the agent-fault rows misbehaves, on top of doing its task: usage limits answered after its first
/// write, sessions ended without a signal, a wait until the suite releases it.
/// </summary>
public sealed record Misbehaviour(bool WaitForRelease = false, int SignalsSkipped = 0,
    IReadOnlyList<TimeSpan>? UsageLimits = null);

/// <summary>
/// A scripted model that decides each answer from what is on disk, not from a fixed sequence: write the task's file,
/// wait for the suite's release if asked to, commit, write the done signal, say done. A session killed, crashed,
/// retried or taken over by another agent (the work it left is on its branch) therefore goes on from where the work
/// really is, and a step that failed (a full disk) is asked for again. What each agent was asked to do is counted, so a
/// row can tell work done twice from work done once.
/// </summary>
public sealed class AdaptiveAgent(FakeAnthropicApi model, string projectName, string releases)
{
    /// <summary>Enough requests for every retry a row can cause; a CLI asking more gets "Finished." and no signal.</summary>
    private const int MaxRequests = 80;
    /// <summary>A step that failed is asked for again after this pause (a real agent retries; it does not spin).</summary>
    private const int PauseSeconds = 2;

    private readonly ConcurrentDictionary<string, ConcurrentQueue<(DateTimeOffset At, string Step)>> _asked = new();
    private readonly ConcurrentDictionary<string, int> _limitsServed = new();
    private readonly ConcurrentDictionary<string, int> _signalsSkipped = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<DateTimeOffset>> _resets = new();

    /// <summary>Scripts the agent whose prompt carries <paramref name="marker"/> to write and commit <paramref name="file"/>.</summary>
    public void Script(string marker, string file, Misbehaviour misbehaviour)
    {
        _asked[marker] = new ConcurrentQueue<(DateTimeOffset, string)>();
        Func<string, Reply> next = workdir => Next(marker, file, misbehaviour, workdir);
        model.Script(marker, [.. Enumerable.Repeat(next, MaxRequests)]);
    }

    /// <summary>The steps the model asked of the agent, in order, with when.</summary>
    public IReadOnlyList<(DateTimeOffset At, string Step)> Asked(string marker) =>
        _asked.TryGetValue(marker, out var asked) ? [.. asked] : [];

    public int Count(string marker, string step) => Asked(marker).Count(a => a.Step == step);

    /// <summary>The reset times of the usage limits answered to the agent, in order.</summary>
    public IReadOnlyList<DateTimeOffset> Resets(string marker) =>
        _resets.TryGetValue(marker, out var resets) ? [.. resets] : [];

    /// <summary>Lets every agent waiting for a release go on (however the suite ends, none is left waiting).</summary>
    public void ReleaseAll()
    {
        foreach (var marker in _asked.Keys) Release(marker);
    }

    public string ReleaseFile(string marker) => Path.Combine(releases, marker);

    public void Release(string marker) => File.WriteAllText(ReleaseFile(marker), "go\n");

    private Reply Next(string marker, string file, Misbehaviour misbehaviour, string workdir)
    {
        var tree = Path.Combine(workdir, projectName);
        var path = Path.Combine(tree, file);
        var signal = Path.Combine(workdir, ".cw", "output", "signal.json");
        var (step, reply) = Decide();
        var asked = _asked[marker];
        // The same failing step asked again: pause first.
        if (asked.LastOrDefault() is { Step: var last } && last == step && step is "write" or "commit" or "signal")
            (step, reply) = ("pause", Bash($"sleep {PauseSeconds}", "the last step failed; try again"));
        asked.Enqueue((DateTimeOffset.UtcNow, step));
        return reply;

        (string, Reply) Decide()
        {
            if (!HasContent(path, marker))
                return ("write", Bash($"printf '%s\\n' '{marker}' > '{path}'", $"write {file}"));
            var limits = misbehaviour.UsageLimits ?? [];
            var served = _limitsServed.GetValueOrDefault(marker);
            if (served < limits.Count)
            {
                _limitsServed[marker] = served + 1;
                // Whole seconds: the reset header carries them.
                var reset = DateTimeOffset.FromUnixTimeSeconds((DateTimeOffset.UtcNow + limits[served]).ToUnixTimeSeconds());
                _resets.GetOrAdd(marker, _ => new ConcurrentQueue<DateTimeOffset>()).Enqueue(reset);
                return ("usage-limit", new Reply.UsageLimit(reset));
            }
            if (misbehaviour.WaitForRelease && !File.Exists(ReleaseFile(marker)))
                return ("wait", new Reply.Tools(new ToolCall("Bash", new
                {
                    command = $"until [ -f '{ReleaseFile(marker)}' ]; do sleep 0.5; done",
                    description = "wait for the suite", timeout = 600000,
                })));
            if (!Committed(tree, file))
                return ("commit", Bash($"cd '{tree}' && git add '{file}' "
                    + $"&& git -c user.name=agent -c user.email=agent@cw commit -q -m 'Add {file}'", "commit"));
            if (IsValidSignal(signal)) return ("say-done", new Reply.Text("Done."));
            var skipped = _signalsSkipped.GetValueOrDefault(marker);
            if (skipped < misbehaviour.SignalsSkipped)
            {
                _signalsSkipped[marker] = skipped + 1;
                return ("end-without-signal", new Reply.Text("I added the file and committed it."));
            }
            var content = JsonSerializer.Serialize(new { status = "done", result = new { message = $"Added {file}" } });
            return ("signal", Bash($"mkdir -p '{Path.GetDirectoryName(signal)}' && printf '%s' '{content}' > '{signal}'",
                "signal done"));
        }
    }

    private static Reply Bash(string command, string description) =>
        new Reply.Tools(new ToolCall("Bash", new { command, description }));

    private static bool HasContent(string path, string marker)
    {
        try { return File.Exists(path) && File.ReadAllText(path).Trim() == marker; }
        catch (IOException) { return false; }
    }

    private static bool IsValidSignal(string path)
    {
        try
        {
            if (!File.Exists(path)) return false;
            using var json = JsonDocument.Parse(File.ReadAllText(path));
            return json.RootElement.TryGetProperty("status", out _);
        }
        catch (Exception ex) when (ex is IOException or JsonException) { return false; }
    }

    /// <summary>Whether the file is in a commit of the worktree's branch.</summary>
    private static bool Committed(string tree, string file)
    {
        var start = new ProcessStartInfo("git")
        {
            WorkingDirectory = tree, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        foreach (var arg in (string[])["log", "--format=%H", "--", file]) start.ArgumentList.Add(arg);
        try
        {
            using var git = Process.Start(start)!;
            var output = git.StandardOutput.ReadToEnd();
            git.StandardError.ReadToEnd();
            git.WaitForExit();
            return git.ExitCode == 0 && output.Trim().Length > 0;
        }
        catch (System.ComponentModel.Win32Exception) { return false; }
    }
}

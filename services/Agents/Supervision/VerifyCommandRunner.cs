using System.Diagnostics;
using System.Text;

namespace Codewalkers.Agents.Supervision;

/// <summary>
/// Runs a project's verify command (<c>sh -c</c>) in a worktree as the leader of its own process group, stdout and
/// stderr together in a log file, and kills the whole group at the time limit (and any of it left running after the
/// command exits, such as a test server). The group's id is kept in a file beside the log, so a restarted service can
/// kill a check it left behind before running it again.
/// </summary>
public sealed class VerifyCommandRunner
{
    public sealed record Result(int? ExitCode, bool TimedOut, long DurationMs, string OutputTail);

    // $0 the log file, $1 the command. The outer sh only redirects, then becomes the command's own sh (exec), so the
    // pid we start is the group's leader and the command's shell at once.
    private const string Wrapper = "exec </dev/null >\"$0\" 2>&1; exec sh -c \"$1\"";

    private static readonly TimeSpan KillGrace = TimeSpan.FromSeconds(2);

    public async Task<Result> RunAsync(string command, string workdir, string logFile, TimeSpan timeout,
        IReadOnlyDictionary<string, string> environment, int tailBytes, CancellationToken cancellationToken)
    {
        var groupFile = logFile + ".pgid";
        KillLeftover(groupFile);
        Directory.CreateDirectory(Path.GetDirectoryName(logFile)!);
        var start = new ProcessStartInfo("setsid") { UseShellExecute = false, WorkingDirectory = workdir };
        foreach (var arg in (string[])["sh", "-c", Wrapper, logFile, command]) start.ArgumentList.Add(arg);
        ProcessLauncher.RemoveServiceEnvironment(start.Environment);
        foreach (var (key, value) in environment) start.Environment[key] = value;
        start.Environment[RunVariable] = logFile;

        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start sh.");
        await File.WriteAllTextAsync(groupFile, process.Id.ToString(), CancellationToken.None);
        var timedOut = false;
        using (var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            limit.CancelAfter(timeout);
            try { await process.WaitForExitAsync(limit.Token); }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                timedOut = true;
            }
            finally
            {
                // Whatever the command left in its group (or all of it, at the time limit) goes with it.
                await KillGroupAsync(process);
            }
        }
        watch.Stop();
        File.Delete(groupFile);
        return new Result(timedOut ? null : process.ExitCode, timedOut, watch.ElapsedMilliseconds,
            Tail(logFile, tailBytes));
    }

    private static async Task KillGroupAsync(Process process)
    {
        ProcessLauncher.SignalGroup(process.Id, ProcessLauncher.SigTerm);
        using var grace = new CancellationTokenSource(KillGrace);
        try { await process.WaitForExitAsync(grace.Token); }
        catch (OperationCanceledException) { }
        ProcessLauncher.SignalGroup(process.Id, ProcessLauncher.SigKill);
        await process.WaitForExitAsync(CancellationToken.None);
    }

    /// <summary>Names the run in its environment, so a later service can tell its leader from a reused pid.</summary>
    private const string RunVariable = "CW_VERIFY_RUN";

    /// <summary>A check an earlier service process started and never finished: its group is killed.</summary>
    internal static void KillLeftover(string groupFile)
    {
        var logFile = groupFile[..^".pgid".Length];
        if (ProcessLauncher.ReadPid(groupFile) is { } group && IsOursOrGone(group, logFile))
            ProcessLauncher.SignalGroup(group, ProcessLauncher.SigKill);
        File.Delete(groupFile);
    }

    /// <summary>
    /// Whether the group <paramref name="group"/> can only be the check's: its leader still runs with our variable, or
    /// no process has that pid (Linux does not reuse a pid while a process group of that id lives on, so only what is
    /// left of the check can carry it).
    /// </summary>
    private static bool IsOursOrGone(int group, string logFile)
    {
        try
        {
            return File.ReadAllText($"/proc/{group}/environ").Split('\0').Contains($"{RunVariable}={logFile}");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return !Directory.Exists($"/proc/{group}");
        }
    }

    /// <summary>The last <paramref name="bytes"/> of the log, as text (a character cut in half is dropped).</summary>
    public static string Tail(string logFile, int bytes)
    {
        if (!File.Exists(logFile)) return "";
        using var stream = File.OpenRead(logFile);
        var skipped = Math.Max(0, stream.Length - bytes);
        stream.Seek(skipped, SeekOrigin.Begin);
        var buffer = new byte[stream.Length - skipped];
        stream.ReadExactly(buffer);
        var start = 0;
        // Skip UTF-8 continuation bytes the cut left at the front.
        while (skipped > 0 && start < buffer.Length && (buffer[start] & 0xC0) == 0x80) start++;
        return Encoding.UTF8.GetString(buffer, start, buffer.Length - start);
    }
}

using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Codewalkers.Agents.Supervision;

/// <summary>
/// Starts agent CLIs detached: their own session and process group (setsid), stdin from /dev/null, stdout and
/// stderr appended to the agent's output file, through a small sh wrapper that writes the exit status to a file.
/// The process owes nothing to this service, so a restarted service can re-attach or read how it ended.
/// </summary>
public sealed partial class ProcessLauncher
{
    // $1 exit-code file, $2 output file, $3 working directory, $4 pid file, then the CLI and its arguments. The
    // wrapper first records its pid (so a service that dies before saving it can adopt the run instead of launching a
    // second), then traps INT/TERM/HUP (a handler, not an ignore, so the CLI still gets the default action) to outlive
    // a stop of the group and record how the CLI ended; only SIGKILL takes the wrapper down with it.
    // Only shell builtins run besides the CLI: every exec costs time, and an agent's start and its exit are both on
    // the hand-off path. The two files need no write-then-rename: the exit code is read only once the wrapper is gone
    // (so its one write is complete), and the pid only by a later launch attempt, after a restart.
    private const string Wrapper =
        "exit_file=$1; out=$2; echo $$ > \"$4\"; " +
        "cd \"$3\" || exit 97; shift 4; exec </dev/null >>\"$out\" 2>&1; trap : INT TERM HUP; " +
        "\"$@\"; echo $? > \"$exit_file\"";

    /// <summary>
    /// Environment variables of this service that an agent must not inherit (broker credentials, telemetry).
    /// </summary>
    private static readonly string[] NotInherited =
        ["ConnectionStrings__", "OTEL_", "Agents__", "ASPNETCORE_", "Messaging__", "CW_"];

    public int Launch(
        string executable, IReadOnlyList<string> args, string workdir, string outputFile, string exitCodeFile,
        string pidFile, IReadOnlyDictionary<string, string> environment, IReadOnlyList<string> removeEnvironment)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(outputFile)!);
        File.Delete(exitCodeFile);
        var start = new ProcessStartInfo("setsid") { UseShellExecute = false, WorkingDirectory = workdir };
        string[] wrapped =
            ["sh", "-c", Wrapper, "cw-agent", exitCodeFile, outputFile, workdir, pidFile, executable, .. args];
        foreach (var arg in wrapped) start.ArgumentList.Add(arg);
        RemoveServiceEnvironment(start.Environment);
        foreach (var key in removeEnvironment) start.Environment.Remove(key);
        foreach (var (key, value) in environment) start.Environment[key] = value;
        using var process = Process.Start(start)
            ?? throw new InvalidOperationException($"Could not start {executable}.");
        return process.Id;
    }

    /// <summary>Takes this service's own settings and credentials out of a child's environment.</summary>
    public static void RemoveServiceEnvironment(IDictionary<string, string?> environment)
    {
        foreach (var key in environment.Keys.ToList())
        {
            if (NotInherited.Any(prefix => key.StartsWith(prefix, StringComparison.Ordinal)))
                environment.Remove(key);
        }
    }

    /// <summary>The pid the wrapper of a run recorded, or null when that run was never launched.</summary>
    public static int? ReadPid(string pidFile) =>
        File.Exists(pidFile) && int.TryParse(File.ReadAllText(pidFile).Trim(), out var pid) && pid > 1 ? pid : null;

    /// <summary>
    /// Whether <paramref name="pid"/> is still the wrapper of this run (not a recycled pid). While the kernel runs an
    /// exec (launch: <c>setsid</c>, then <c>sh</c>) the process briefly has an empty command line: that is still our
    /// run starting, not a dead one, or a launch on a busy machine could be taken for a crash (process_crash, no exit
    /// code) while its CLI goes on unsupervised.
    /// </summary>
    public static bool IsAlive(int pid, string exitCodeFile)
    {
        try
        {
            // A zombie (Z) or dead (X) process has exited; only its parent has not reaped it yet.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            if (fields[0] is "Z" or "X") return false;
            var cmdline = File.ReadAllText($"/proc/{pid}/cmdline");
            if (cmdline.Contains(exitCodeFile, StringComparison.Ordinal)) return true;
            // Empty: an exec in progress (alive), unless a kernel thread (PF_KTHREAD) took the pid over.
            return cmdline.Length == 0 && fields.Length > 6 && ulong.TryParse(fields[6], out var flags)
                && (flags & KernelThread) == 0;
        }
        catch (IOException) { return false; }
        catch (UnauthorizedAccessException) { return false; }
    }

    private const ulong KernelThread = 0x00200000;

    /// <summary>Sends <paramref name="signal"/> to the whole process group the wrapper leads.</summary>
    public static void SignalGroup(int pid, int signal)
    {
        if (pid > 1) _ = Kill(-pid, signal);
    }

    public const int SigInt = 2, SigKill = 9, SigTerm = 15;

    /// <summary>SIGINT, then SIGTERM, then SIGKILL, each after a grace period, until the run is gone.</summary>
    public static async Task StopGroupAsync(int pid, string exitCodeFile, TimeSpan grace)
    {
        foreach (var signal in (int[])[SigInt, SigTerm, SigKill])
        {
            if (!IsAlive(pid, exitCodeFile)) return;
            SignalGroup(pid, signal);
            var waited = Stopwatch.StartNew();
            while (waited.Elapsed < grace && IsAlive(pid, exitCodeFile)) await Task.Delay(50);
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}

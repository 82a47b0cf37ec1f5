using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace Codewalkers.EndToEnd.Tests.Infrastructure;

/// <summary>
/// What a user would look at with ps, kill and ss, read from /proc (Linux only). Linked into proofs/ as well (its
/// security suite looks for listeners off loopback).
/// </summary>
public static class LinuxProcesses
{
    public sealed record Listener(IPAddress Address, int Port, int Pid, string Program)
    {
        public override string ToString() => $"{Program} (pid {Pid}) on {Address}:{Port}";
    }

    public static IReadOnlyList<int> ChildrenOf(int pid)
    {
        var children = new List<int>();
        var tasks = $"/proc/{pid}/task";
        if (!Directory.Exists(tasks)) return children;
        foreach (var task in Directory.EnumerateDirectories(tasks))
        {
            try
            {
                children.AddRange(File.ReadAllText(Path.Combine(task, "children"))
                    .Split(' ', StringSplitOptions.RemoveEmptyEntries)
                    .Select(p => int.Parse(p, CultureInfo.InvariantCulture)));
            }
            catch (IOException) { /* the thread ended */ }
        }
        return children;
    }

    public static IReadOnlySet<int> WithDescendants(IEnumerable<int> roots)
    {
        var all = new HashSet<int>();
        var pending = new Queue<int>(roots);
        while (pending.TryDequeue(out var pid))
        {
            if (!all.Add(pid)) continue;
            foreach (var child in ChildrenOf(pid)) pending.Enqueue(child);
        }
        return all;
    }

    /// <summary>Processes whose command line contains <paramref name="text"/> (e.g. DCP's "--monitor PID").</summary>
    public static IEnumerable<int> WithCommandLineContaining(string text)
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), CultureInfo.InvariantCulture, out var pid)) continue;
            string commandLine;
            try { commandLine = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' '); }
            catch (IOException) { continue; }
            catch (UnauthorizedAccessException) { continue; }
            if (commandLine.Contains(text, StringComparison.Ordinal)) yield return pid;
        }
    }

    public static string CommandOf(int pid)
    {
        try { return File.ReadAllText($"/proc/{pid}/comm").Trim(); }
        catch (IOException) { return "?"; }
    }

    /// <summary>The file name of the program a process runs (its first command-line argument), or its comm.</summary>
    public static string ProgramOf(int pid)
    {
        try
        {
            var first = File.ReadAllText($"/proc/{pid}/cmdline").Split('\0')[0];
            if (first.Length > 0) return Path.GetFileName(first);
            return File.ReadAllText($"/proc/{pid}/comm").Trim();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { return "?"; }
    }

    public static bool IsAlive(int pid) => Directory.Exists($"/proc/{pid}");

    public static bool IsLoopback(IPAddress address) =>
        IPAddress.IsLoopback(address) || (address.IsIPv4MappedToIPv6 && IPAddress.IsLoopback(address.MapToIPv4()));

    /// <summary>
    /// Every listening TCP socket (IPv4 and IPv6) with the process that holds it, when one can be found.
    /// </summary>
    public static IReadOnlyList<Listener> Listeners()
    {
        var inodes = new Dictionary<string, (IPAddress Address, int Port)>();
        foreach (var table in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
        {
            foreach (var line in File.ReadLines(table).Skip(1))
            {
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (fields[3] != "0A") continue; // LISTEN
                var local = fields[1].Split(':');
                inodes[fields[9]] = (ParseProcAddress(local[0]),
                    int.Parse(local[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture));
            }
        }

        var listeners = new List<Listener>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), CultureInfo.InvariantCulture, out var pid)) continue;
            IEnumerable<string> fds;
            try { fds = Directory.EnumerateFiles(Path.Combine(dir, "fd")).ToList(); }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { continue; }
            foreach (var fd in fds)
            {
                string? target;
                try { target = new FileInfo(fd).LinkTarget; }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { continue; }
                if (target is null || !target.StartsWith("socket:[", StringComparison.Ordinal)) continue;
                if (inodes.TryGetValue(target[8..^1], out var endpoint))
                    listeners.Add(new Listener(endpoint.Address, endpoint.Port, pid, ProgramOf(pid)));
            }
        }
        return listeners.Distinct().ToList();
    }

    public static void Signal(int pid, string signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", pid.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    /// <summary>/proc/net/tcp writes addresses as host-order 32-bit words in hex.</summary>
    private static IPAddress ParseProcAddress(string hex)
    {
        var bytes = Convert.FromHexString(hex);
        for (var i = 0; i < bytes.Length; i += 4) Array.Reverse(bytes, i, 4);
        return new IPAddress(bytes);
    }
}

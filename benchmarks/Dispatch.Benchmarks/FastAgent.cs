namespace Codewalkers.Dispatch.Benchmarks;

/// <summary>
/// A stand-in for the Claude CLI that finishes at once: it logs when it started and when its signal was in place
/// (nanoseconds, with the task id from its assignment), prints the two stream-json lines the Agents service parses, and
/// signals done. The Agents service runs it exactly as it runs the real CLI (detached, tailed, signal checked).
/// The clock is bash's own (EPOCHREALTIME, microseconds): a `date` process per stamp would add its exec (8-10 ms on a
/// small VM) to the figures, a cost of this stand-in and not of the system measured.
/// </summary>
internal static class FastAgent
{
    public static string Write(string directory)
    {
        var path = Path.Combine(directory, "fast-agent.sh");
        File.WriteAllText(path, """
            #!/bin/bash
            t=$EPOCHREALTIME; started=${t/[.,]/}000
            task=$(sed -n 's/^id: *//p' .cw/input/task.md 2>/dev/null | head -n 1)
            [ -n "$task" ] || task="direct-${PWD##*/}"
            session="s-$$-$started"
            echo "{\"type\":\"system\",\"subtype\":\"init\",\"session_id\":\"$session\"}"
            echo "start $task $started" >> "$BENCH_LOG"
            mkdir -p .cw/output
            printf '{"status":"done","result":{"message":"ok"}}' > .cw/output/signal.json.tmp
            mv .cw/output/signal.json.tmp .cw/output/signal.json
            t=$EPOCHREALTIME; echo "end $task ${t/[.,]/}000" >> "$BENCH_LOG"
            echo "{\"type\":\"result\",\"subtype\":\"success\",\"is_error\":false,\"result\":\"ok\",\"session_id\":\"$session\"}"
            """.Replace("\r\n", "\n"));
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    /// <summary>Per task (or direct agent): when its process started and when it signalled done, in ns since the epoch.</summary>
    public static Dictionary<string, (long Start, long End)> ReadLog(string path)
    {
        var result = new Dictionary<string, (long Start, long End)>();
        foreach (var line in File.ReadAllLines(path))
        {
            var parts = line.Split(' ');
            if (parts.Length != 3 || !long.TryParse(parts[2], out var ns)) continue;
            var id = parts[1].Trim('"', '\'');
            var (start, end) = result.GetValueOrDefault(id);
            // A task retried would log twice: the first start and the last end are what the user waits on.
            result[id] = parts[0] == "start" ? (start == 0 ? ns : start, end) : (start, ns);
        }
        return result;
    }
}

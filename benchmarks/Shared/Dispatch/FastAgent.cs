namespace Codewalkers.Benchmarks;

/// <summary>
/// A stand-in for the Claude CLI that finishes at once: it logs when it started and when its signal was in place
/// (nanoseconds, with the task id from its assignment), prints the two stream-json lines the Agents service parses, and
/// signals done. The Agents service runs it exactly as it runs the real CLI (detached, tailed, signal checked).
/// It runs no program but bash itself: the clock is bash's own (EPOCHREALTIME, microseconds) and the task id is read
/// with builtins. Every exec costs 4-10 ms of CPU on a small VM (page faults are expensive under its hypervisor), and
/// in the closed loop of a chain the stand-in's own processes (sed, head, mkdir, mv: about a tenth of the machine)
/// competed with the system measured for the two cores: a cost of this stand-in, not of the system.
/// </summary>
internal static class FastAgent
{
    public static string Write(string directory)
    {
        var path = Path.Combine(directory, "fast-agent.sh");
        File.WriteAllText(path, $$$"""
            #!/bin/bash
            t=$EPOCHREALTIME; started=${t/[.,]/}000
            task=
            if [ -r .cw/input/task.md ]; then
              while IFS= read -r line; do
                case $line in id:*) task=${line#id:}; task=${task# }; break;; esac
              done < .cw/input/task.md
            fi
            [ -n "$task" ] || task="direct-${PWD##*/}"
            session="s-$$-$started"
            echo "{\"type\":\"system\",\"subtype\":\"init\",\"session_id\":\"$session\"}"
            echo "start $task $started" >> "$BENCH_LOG"
            # The Agents service made .cw/output; the signal is read once this process has exited, so it is whole then.
            printf '{"status":"done","result":{"message":"ok"}}' > .cw/output/signal.json
            t=$EPOCHREALTIME; echo "end $task ${t/[.,]/}000" >> "$BENCH_LOG"
            echo "{{{ResultLine}}}"
            """.Replace("\r\n", "\n"));
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    /// <summary>The stream-json result line, its quotes escaped for the script's <c>echo "..."</c>.</summary>
    private const string ResultLine =
        """{\"type\":\"result\",\"subtype\":\"success\",\"is_error\":false,"""
        + """\"result\":\"ok\",\"session_id\":\"$session\"}""";

    /// <summary>
    /// Per task (or direct agent): when its process started and when it signalled done, in ns since the epoch.
    /// </summary>
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

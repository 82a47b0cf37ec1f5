namespace Codewalkers.Web.Benchmarks;

/// <summary>
/// A stand-in for the Claude CLI that talks for a while: once the benchmark writes a tick count to its go file, it
/// prints that many stream-json assistant text lines, "tick N at T" (T: epoch milliseconds from bash's own clock,
/// EPOCHREALTIME, taken just before the line is written), about every 100 ms, then signals done and prints a result
/// line. It waits for the go file so that the browser page and the SSE reader are listening before the first tick.
/// It runs no program but bash: a process start costs 4-10 ms of CPU on this VM, and 200 of them would compete with
/// the system measured for the two cores.
/// </summary>
internal static class StreamingAgent
{
    public static string Write(string directory)
    {
        var path = Path.Combine(directory, "streaming-agent.sh");
        File.WriteAllText(path, $$$"""
            #!/bin/bash
            # A pipe opened for reading and writing that nobody writes to: `read -t` on it sleeps without a process.
            exec 9<> <(:)
            session="s-$$-${EPOCHREALTIME/[.,]/}"
            echo "{\"type\":\"system\",\"subtype\":\"init\",\"session_id\":\"$session\"}"
            until [ -s "$BENCH_GO" ]; do read -t 0.05 -u 9; done
            read -r ticks < "$BENCH_GO"
            for ((i = 1; i <= ticks; i++)); do
              t=${EPOCHREALTIME/[.,]/}
              echo "{{{AssistantLine}}}"
              read -t 0.1 -u 9
            done
            # The Agents service made .cw/output; it reads the signal once this process has exited.
            printf '{"status":"done","result":{"message":"ok"}}' > .cw/output/signal.json
            echo "{{{ResultLine}}}"
            """.Replace("\r\n", "\n"));
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    /// <summary>
    /// Lets the waiting agent go with <paramref name="ticks"/> lines. Written aside and renamed, so the agent never
    /// reads a half-written count.
    /// </summary>
    public static void Go(string goFile, int ticks)
    {
        var aside = goFile + ".new";
        File.WriteAllText(aside, $"{ticks}\n");
        File.Move(aside, goFile, overwrite: true);
    }

    /// <summary>
    /// One assistant text line, its quotes escaped for the script's <c>echo "..."</c>; milliseconds: t without its
    /// last three digits (microseconds).
    /// </summary>
    private const string AssistantLine =
        """{\"type\":\"assistant\",\"message\":{\"role\":\"assistant\",\"content\":"""
        + """[{\"type\":\"text\",\"text\":\"tick $i at ${t:0:-3}\"}]}}""";

    private const string ResultLine =
        """{\"type\":\"result\",\"subtype\":\"success\",\"is_error\":false,"""
        + """\"result\":\"ok\",\"session_id\":\"$session\"}""";
}

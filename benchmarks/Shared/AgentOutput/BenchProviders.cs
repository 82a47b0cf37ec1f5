using System.Text.Json;

namespace Codewalkers.Benchmarks;

/// <summary>
/// Stand-in agent CLIs given to the Agents service as data (an extra providers file, <c>Agents:ProvidersFile</c>),
/// each writing Claude-style JSONL and then the done signal. Each takes the prompt as a last argument it ignores: a
/// provider without one is refused at start.
/// <list type="bullet">
/// <item><c>bench</c>: dumps <c>lines</c> lines at once (cat), so the time measured is the service's ingestion, not
/// the writer's.</item>
/// <item><c>bench-live</c>: <see cref="Emitter"/>, 10 lines every 100 ms for <c>liveSeconds</c>, each stamped with
/// the time it was written.</item>
/// <item><c>bench-steady</c>: <see cref="Emitter"/>, one line every 500 ms for <c>steadySeconds</c>: an agent that
/// stays alive writing, as a working CLI does.</item>
/// </list>
/// </summary>
internal static class BenchProviders
{
    private const string DumpScript = """
        cat "$1"
        mkdir -p .cw/output && echo '{"status":"done","result":{"message":"bench"}}' > .cw/output/signal.json
        """;

    /// <summary>Writes the scripts and the providers file into <paramref name="directory"/>: the file's path.</summary>
    public static string Write(
        string directory, int lines, int liveSeconds, int steadySeconds = 0,
        IReadOnlyDictionary<string, object>? more = null)
    {
        Directory.CreateDirectory(directory);
        var script = Path.Combine(directory, "bench-agent.sh");
        File.WriteAllText(script, DumpScript);
        var emitter = Path.Combine(directory, "bench-emitter.pl");
        File.WriteAllText(emitter, Emitter.Perl);
        var dump = Path.Combine(directory, "bench-lines.jsonl");
        File.WriteAllLines(dump, Enumerable.Range(0, lines).Select(FakeLine.Json));
        var providers = new Dictionary<string, object>
        {
            ["bench"] = Provider("sh", script, dump),
            ["bench-live"] = Provider("perl", emitter, (liveSeconds * 10).ToString(), "10", "0.1", "1"),
            ["bench-steady"] = Provider("perl", emitter, (steadySeconds * 2).ToString(), "1", "0.5", "1"),
        };
        foreach (var (name, provider) in more ?? new Dictionary<string, object>()) providers[name] = provider;
        var file = Path.Combine(directory, "bench-providers.json");
        File.WriteAllText(file, JsonSerializer.Serialize(new { providers }));
        return file;
    }

    private static object Provider(string executable, params string[] arguments) => new
    {
        executable, spawnArgs = (string[])[.. arguments, "{prompt}"],
        resumeArgs = Array.Empty<string>(), parser = "claude-stream-json", sessionIdSource = "none",
    };
}

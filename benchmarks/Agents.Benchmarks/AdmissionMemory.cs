using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Codewalkers.Benchmarks;

namespace Codewalkers.Agents.Benchmarks;

/// <summary>
/// What admission by capacity does to memory: N agents spawned at once, each taking <c>AgentMb</c> of memory for a few
/// seconds, launched once with the memory threshold off and once with it set so that only a budget of memory above the
/// threshold is free. Sampled every 100 ms: the agents' summed RSS (their own processes, found by the script's name),
/// how many hold memory at once, and the service's own RSS.
/// </summary>
internal sealed class AdmissionMemory(HttpClient client, int serviceProcessId, BenchmarkOptions options)
{
    public const string Provider = "bench-memory";
    public const string ScriptName = "bench-memory.pl";

    /// <summary>
    /// Takes the memory for real (the string is written, so its pages are resident), holds it, then signals done.
    /// Perl: one light process per agent, like the emitter of the live run.
    /// </summary>
    public const string Perl = """
        use strict;
        my ($mb, $hold) = @ARGV;
        my $x = 'a' x ($mb * 1024 * 1024);
        select(undef, undef, undef, $hold);
        mkdir ".cw"; mkdir ".cw/output";
        open(my $f, '>', '.cw/output/signal.json') or die; print $f '{"status":"done","result":{"message":"bench"}}'; close $f;
        """;

    public sealed record Run(string Label, long PeakAgentsMb, int PeakHolding, double Seconds, long PeakServiceMb);

    /// <summary>The provider entry: the script with its memory and hold time as arguments.</summary>
    public static object ProviderEntry(string script, BenchmarkOptions options) => new
    {
        executable = "perl",
        spawnArgs = new[] { script, options.AgentMb.ToString(), options.HoldSeconds.ToString(), "{prompt}" },
        resumeArgs = Array.Empty<string>(), parser = "claude-stream-json", sessionIdSource = "none",
    };

    public async Task<IReadOnlyList<Run>> MeasureAsync()
    {
        var free = await FreeMemoryMbAsync();
        var without = await RunOnceAsync("without admission (memory threshold 0)", minFreeMemoryMb: 0);
        // With: the threshold leaves a budget of memory for the agents, a third of what all of them would take.
        var budget = options.AdmissionAgents * options.AgentMb / 3;
        var with = await RunOnceAsync(
            $"with admission (threshold {free - budget} MB: {budget} MB above it)", minFreeMemoryMb: free - budget);
        return [without, with];
    }

    private async Task<Run> RunOnceAsync(string label, long minFreeMemoryMb)
    {
        using (var set = await client.PutAsJsonAsync("/api/agents/capacity",
                   new { minFreeMemoryMb, maxLoadPerCore = 1000.0 }))
            set.EnsureSuccessStatusCode();
        var (peakAgents, peakHolding, peakService) = (0L, 0, 0L);
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                var (rss, holding) = AgentsMemory();
                peakAgents = Math.Max(peakAgents, rss);
                peakHolding = Math.Max(peakHolding, holding);
                peakService = Math.Max(peakService, ProcessRssMb(serviceProcessId));
                await Task.Delay(100);
            }
        });
        var watch = Stopwatch.StartNew();
        var ids = new List<string>();
        for (var i = 0; i < options.AdmissionAgents; i++)
        {
            using var response = await client.PostAsJsonAsync("/api/agents", new { prompt = "benchmark", provider = Provider });
            response.EnsureSuccessStatusCode();
            ids.Add(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id")
                .GetString()!);
        }
        await AgentRuns.WaitForAllStoppedAsync(client, ids);
        var seconds = watch.Elapsed.TotalSeconds;
        await sampling.CancelAsync();
        await sampler;
        return new Run(label, peakAgents, peakHolding, seconds, peakService);
    }

    private async Task<long> FreeMemoryMbAsync()
    {
        var capacity = await client.GetFromJsonAsync<JsonElement>("/api/agents/capacity");
        return capacity.GetProperty("measured").GetProperty("freeMemoryMb").GetInt64();
    }

    /// <summary>The summed RSS of the benchmark agents' processes, and how many of them hold their memory.</summary>
    private (long RssMb, int Holding) AgentsMemory()
    {
        var (total, holding) = (0L, 0);
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            try
            {
                if (!File.ReadAllText(Path.Combine(dir, "cmdline")).Contains(ScriptName, StringComparison.Ordinal))
                    continue;
                var rss = ProcessRssMb(pid);
                total += rss;
                if (rss >= options.AgentMb / 2) holding++;
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        return (total, holding);
    }

    private static long ProcessRssMb(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024;
        }
        catch (IOException) { return 0; }
    }
}

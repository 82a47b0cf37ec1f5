using System.Diagnostics;
using System.Net.Http.Headers;
using Codewalkers.Benchmarks;

namespace Codewalkers.Proofs;

/// <summary>
/// Closed-loop load: <see cref="Clients"/> clients, each on its own connection, send the same GET one after the other
/// for a window; requests per second and the latency of each. Run alternately through the gateway and on the
/// service's own port, so the machine's slow moments fall on both alike.
/// </summary>
public static class ThroughputRun
{
    public const int Clients = 16;

    public sealed record Result(long Requests, long Failures, TimeSpan Elapsed, List<double> LatenciesMs)
    {
        public double PerSecond => Requests / Elapsed.TotalSeconds;
    }

    public static async Task<Result> RunAsync(Uri baseAddress, string path, string token, TimeSpan window)
    {
        var clients = Enumerable.Range(0, Clients).Select(_ => Client(baseAddress, token)).ToList();
        try
        {
            var latencies = new List<double>();
            long failures = 0;
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(clients.Select(client => Task.Run(async () =>
            {
                var mine = new List<double>();
                while (clock.Elapsed < window)
                {
                    var started = Stopwatch.GetTimestamp();
                    using var response = await client.GetAsync(path);
                    await response.Content.ReadAsByteArrayAsync();
                    if (!response.IsSuccessStatusCode) Interlocked.Increment(ref failures);
                    mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
                lock (latencies) latencies.AddRange(mine);
            })));
            return new Result(latencies.Count, failures, clock.Elapsed, latencies);
        }
        finally
        {
            foreach (var client in clients) client.Dispose();
        }
    }

    /// <summary>Several windows in turn: the total over them.</summary>
    public static Result Combine(IEnumerable<Result> results)
    {
        var all = results.ToList();
        return new Result(all.Sum(r => r.Requests), all.Sum(r => r.Failures),
            TimeSpan.FromTicks(all.Sum(r => r.Elapsed.Ticks)), [.. all.SelectMany(r => r.LatenciesMs)]);
    }

    public static string Describe(Result result)
    {
        var latencies = Latencies.Of(result.LatenciesMs);
        return $"{result.PerSecond:N0} req/s, p50 {latencies.P50:0.0} ms, p99 {latencies.P99:0.0} ms";
    }

    private static HttpClient Client(Uri baseAddress, string token)
    {
        // One connection per client: 16 clients are 16 connections, as 16 browsers or CLIs would be.
        var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1 })
        {
            BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30),
        };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}

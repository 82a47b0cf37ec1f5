using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;

namespace Codewalkers.Proofs;

/// <summary>
/// Looks for secrets where they must never be: every response body the suite saw, the AppHost's output (which holds
/// the services' console logs as DCP relays them), the dashboard's telemetry and every file the run wrote, except the
/// secret's own store.
/// </summary>
public sealed class SecretSweep(IReadOnlyDictionary<string, string> secrets)
{
    private readonly ConcurrentDictionary<string, int> _responseHits = new();
    private int _responses;

    public int Responses => _responses;

    /// <summary>Called with every response body as it arrives (bodies are not kept: some are a megabyte).</summary>
    public void SeeResponse(string body)
    {
        Interlocked.Increment(ref _responses);
        foreach (var name in Hits(body)) _responseHits.AddOrUpdate(name, 1, (_, n) => n + 1);
    }

    public IReadOnlyDictionary<string, int> ResponseHits => _responseHits;

    public IEnumerable<string> Hits(string text) =>
        secrets.Where(secret => text.Contains(secret.Value, StringComparison.Ordinal)).Select(secret => secret.Key);

    /// <summary>
    /// Files under <paramref name="root"/> holding a secret, except those <paramref name="isOwnStore"/> allows; with
    /// the number of files read. Bytes are searched (SQLite files, WAL, logs), as UTF-8 and UTF-16.
    /// </summary>
    public (int Files, List<string> Hits) SearchFiles(string root, Func<string, bool> isOwnStore)
    {
        var patterns = secrets.Select(s => (s.Key, Utf8: Encoding.UTF8.GetBytes(s.Value),
            Utf16: Encoding.Unicode.GetBytes(s.Value))).ToList();
        var hits = new List<string>();
        var files = 0;
        foreach (var file in RegularFiles(root))
        {
            if (isOwnStore(file)) continue;
            byte[] bytes;
            try { bytes = File.ReadAllBytes(file); }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { continue; }
            files++;
            foreach (var (name, utf8, utf16) in patterns)
            {
                if (bytes.AsSpan().IndexOf(utf8) >= 0 || bytes.AsSpan().IndexOf(utf16) >= 0)
                    hits.Add($"{name} in {Path.GetRelativePath(root, file)}");
            }
        }
        return (files, hits);
    }

    /// <summary>
    /// Regular files only, as <c>find -type f</c> lists them: the temp directory also holds the runtime's debugger
    /// FIFOs and diagnostic sockets, and opening a FIFO for reading waits for a writer forever.
    /// </summary>
    private static IEnumerable<string> RegularFiles(string root)
    {
        var find = new ProcessStartInfo("find", [root, "-type", "f", "-print0"]) { RedirectStandardOutput = true };
        using var process = Process.Start(find)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return output.Split('\0', StringSplitOptions.RemoveEmptyEntries);
    }
}

namespace Codewalkers.Messaging;

/// <summary>
/// TEMPORARY profiling aid for the dispatch benchmark (to be removed before the work lands): with CW_TRACE_FILE set,
/// appends "microseconds-since-epoch process+thread what" lines to that file; without it, does nothing.
/// </summary>
public static class TraceMark
{
    private static readonly string? File = Environment.GetEnvironmentVariable("CW_TRACE_FILE");
    private static readonly string Process = System.Diagnostics.Process.GetCurrentProcess().ProcessName.Split('.')[^1][..3];
    private static readonly object Gate = new();

    public static void Mark(string what)
    {
        if (File is null) return;
        var micros = (DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).Ticks / 10;
        lock (Gate) System.IO.File.AppendAllText(File, $"{micros} {Process}{Environment.CurrentManagedThreadId} {what}\n");
    }
}

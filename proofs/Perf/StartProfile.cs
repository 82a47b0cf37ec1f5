using System.Globalization;
using Codewalkers.EndToEnd.Tests.Infrastructure;

namespace Codewalkers.Proofs;

/// <summary>
/// Where a start's time went, read from /proc once the system is healthy: for each process of the system, when it
/// started after the AppHost (its start time, field 22 of /proc/&lt;pid&gt;/stat) and the CPU it used since (utime +
/// stime). A process that starts late waited for another (the services wait for the broker, the gateway for the
/// services); one with a lot of CPU was busy starting itself (JIT, migrations).
/// </summary>
public static class StartProfile
{
    private const double TicksPerSecond = 100;

    public static string Of(RunningSystem system, TimeSpan healthyAfter)
    {
        var appHostStart = StartTicks(system.Pid);
        var rows = system.Processes()
            .Select(pid => (
                Name: Name(pid), Start: StartTicks(pid), Cpu: ProcessUsage.CpuTicks([pid]).GetValueOrDefault(pid)))
            .Where(p => p.Start >= 0)
            .GroupBy(p => p.Name)
            .Select(g => (Name: g.Key, Start: (g.Min(p => p.Start) - appHostStart) / TicksPerSecond,
                Cpu: g.Sum(p => p.Cpu) / TicksPerSecond, Count: g.Count()))
            .OrderBy(p => p.Start)
            .Select(p => $"  {p.Name}{(p.Count > 1 ? $" ({p.Count} processes)" : "")}: started at +{p.Start:0.0} s, "
                + $"CPU {p.Cpu:0.0} s");
        return $"healthy at +{healthyAfter.TotalSeconds:0.0} s after the AppHost started; by process:\n"
            + string.Join('\n', rows);
    }

    private static string Name(int pid)
    {
        var program = LinuxProcesses.ProgramOf(pid);
        return program switch
        {
            "dcp" => "DCP",
            "beam.smp" or "erl_child_setup" or "epmd" or "inet_gethost" => "broker (Erlang)",
            "dotnet" when LinuxProcesses.CommandOf(pid) is var comm && comm.Length > 0 => $"dotnet ({comm})",
            _ => program,
        };
    }

    /// <summary>Clock ticks after boot at which the process started; -1 when it is gone.</summary>
    private static long StartTicks(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // Field 22 of the line is the 20th after the parenthesised command name.
            return long.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[19], CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { return -1; }
    }
}

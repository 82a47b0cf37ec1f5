using System.Diagnostics;
using Codewalkers.TestSupport;

namespace Codewalkers.Proofs.Faults;

/// <summary>
/// <c>scripts/prove.sh faults [row ...]</c>: the services' faults (<see cref="FaultsSuite"/>) on one system, then the
/// agents' faults (<see cref="AgentFaultsSuite"/>) on another with the settings they need; one table. Exits 0 when every
/// row passes, 1 on any FAIL, 2 when a system could not be started or a suite could not run.
/// </summary>
public static class FaultsRun
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(8);

    public static async Task<int> RunAsync(string repository, IReadOnlyList<string> rowNames, Action<string> deleteRunDirectory)
    {
        if (FaultRows.Parse(rowNames) is not { } rows)
        {
            Console.Error.WriteLine($"usage: Codewalkers.Proofs faults [{string.Join('|', FaultRows.Names)} ...]");
            return 2;
        }
        var clock = Stopwatch.StartNew();
        // The agents run the real Claude CLI against this fake Messages API, scripted by the suites.
        await using var model = await FakeAnthropicApi.StartAsync();
        var table = new ProofTable("faults");
        var status = 0;
        if (rows.Kills)
            status = Math.Max(status, await OnSystemAsync(repository, null,
                root => FaultsSuite.SystemEnvironment(root, model.BaseUrl),
                system => new FaultsSuite(system, model, table).RunAsync(), table, stopped: null, deleteRunDirectory));
        if (rows.AnyAgentRow)
        {
            // The workspace's tmpfs goes under the run's CW_HOME before the system starts on it.
            var root = Directory.CreateTempSubdirectory("cw-prove-").FullName;
            var (disk, noDisk) = rows.DiskFull
                ? WorkspaceDisk.TryMount(Path.Combine(root, "home", "workspace"))
                : (null, null);
            try
            {
                status = Math.Max(status, await OnSystemAsync(repository, root,
                    _ => AgentFaultsSuite.SystemEnvironment(model.BaseUrl),
                    system => new AgentFaultsSuite(system, model, table, rows, disk, noDisk).RunAsync(), table,
                    stopped: () => Unmount(disk), deleteRunDirectory));
            }
            finally
            {
                // However the run ended (its directory kept included): nothing stays mounted.
                Unmount(disk);
            }
        }
        table.Print(Console.Out);
        Console.WriteLine($"took {clock.Elapsed.TotalSeconds:0} s");
        // A FAIL wins over a part that could not run, as in scripts/prove.sh all.
        return table.Passed ? status : 1;
    }

    private static void Unmount(WorkspaceDisk? disk)
    {
        if (disk is { Mounted: true }) Console.Error.WriteLine($"  workspace tmpfs {disk.Unmount()}");
    }

    /// <summary>
    /// Starts a system, runs the suite on it, stops it (then <paramref name="stopped"/>); deletes its directory when
    /// every row so far passed, else keeps it and says where. 0, or 2 when the system or the suite could not run.
    /// </summary>
    private static async Task<int> OnSystemAsync(string repository, string? root,
        Func<string, IReadOnlyDictionary<string, string>> environment, Func<RunningSystem, Task> suite, ProofTable table,
        Action? stopped, Action<string> deleteRunDirectory)
    {
        var clock = Stopwatch.StartNew();
        Console.Error.WriteLine("starting the system (AppHost, broker, four services, gateway, web app, dashboard)...");
        RunningSystem system;
        try
        {
            system = await RunningSystem.StartAsync(repository, StartTimeout, root, environment);
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or FileNotFoundException)
        {
            Console.Error.WriteLine(ex.Message);
            return 2;
        }
        Console.Error.WriteLine($"healthy after {clock.Elapsed.TotalSeconds:0} s; data in {system.Root}");
        var status = 0;
        try
        {
            await using (system) await suite(system);
        }
        catch (Exception ex) when (ex is InvalidOperationException or HttpRequestException or IOException
            or TimeoutException or TaskCanceledException or System.Text.Json.JsonException)
        {
            Console.Error.WriteLine($"the suite could not run: {ex}");
            status = 2;
        }
        stopped?.Invoke();
        if (status == 0 && table.Passed) deleteRunDirectory(system.Root);
        else
            Console.WriteLine($"kept for a look: {system.Root} (CW_HOME in home/, the AppHost's and DCP's files in tmp/)");
        return status;
    }
}

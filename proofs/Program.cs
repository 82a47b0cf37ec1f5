using System.Diagnostics;
using Codewalkers.Proofs;
using Codewalkers.Proofs.Faults;

// scripts/prove.sh security|faults|perf: starts the whole system on its own CW_HOME, runs the suite against
// 127.0.0.1, prints its table and exits 1 on any FAIL (2 when the suite could not run).
// perf measures its own starts, so it starts its systems itself (proofs/Perf) and takes the steps to run after its
// name; faults starts one system per part, each with the settings its rows need (proofs/Faults/FaultsRun), and takes
// the rows to run after its name.
if (args is ["perf", .. var steps])
    return await PerfRun.RunAsync(Repository(AppContext.BaseDirectory), steps, DeleteRunDirectory);
if (args is ["faults", .. var rows])
    return await FaultsRun.RunAsync(Repository(AppContext.BaseDirectory), rows, DeleteRunDirectory);
if (args is not ["security"])
{
    Console.Error.WriteLine(
        $"usage: Codewalkers.Proofs security|faults [{string.Join('|', FaultRows.Names)} ...]|perf [step...]");
    return 2;
}

var repository = Repository(AppContext.BaseDirectory);
var clock = Stopwatch.StartNew();
Console.Error.WriteLine("starting the system (AppHost, broker, four services, gateway, web app, dashboard)...");
RunningSystem system;
try
{
    system = await RunningSystem.StartAsync(repository, TimeSpan.FromMinutes(8));
}
catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or FileNotFoundException)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}
Console.Error.WriteLine($"healthy after {clock.Elapsed.TotalSeconds:0} s; data in {system.Root}");

ProofTable table;
try
{
    await using (system)
        table = await new SecuritySuite(system).RunAsync();
}
catch (Exception ex) when (ex is InvalidOperationException or HttpRequestException or IOException
    or TimeoutException or TaskCanceledException or System.Text.Json.JsonException)
{
    Console.Error.WriteLine($"the suite could not run: {ex}");
    Console.Error.WriteLine($"kept for a look: {system.Root}");
    return 2;
}
table.Print(Console.Out);
Console.WriteLine($"took {clock.Elapsed.TotalSeconds:0} s");
if (table.Passed)
{
    DeleteRunDirectory(system.Root);
    return 0;
}
Console.WriteLine($"kept for a look: {system.Root} (CW_HOME in home/, the AppHost's and DCP's files in tmp/)");
return 1;

// Processes of the stopped system (dotnet run's MSBuild among them) may still be clearing their temp files.
static void DeleteRunDirectory(string root)
{
    for (var attempt = 1; ; attempt++)
    {
        try
        {
            Directory.Delete(root, recursive: true);
            return;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            if (attempt == 5)
            {
                Console.Error.WriteLine($"could not delete {root}: {ex.Message}");
                return;
            }
            Thread.Sleep(TimeSpan.FromSeconds(2));
        }
    }
}

// The checkout this program was built in: the AppHost it starts is the one built beside it.
static string Repository(string start)
{
    for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        if (File.Exists(Path.Combine(dir.FullName, "Codewalkers.sln"))) return dir.FullName;
    throw new DirectoryNotFoundException($"No Codewalkers.sln above {start}.");
}

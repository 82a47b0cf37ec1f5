using System.Globalization;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Codewalkers.EndToEnd.Tests.Infrastructure;

/// <summary>The processes behind the AppHost's resources, for tests that kill one and watch it come back.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public static class ResourceProcesses
{
    /// <summary>
    /// The process DCP started for a resource (for a project, the <c>dotnet run</c> that launched it) and the program
    /// doing the work (the service itself; for an executable, the same process).
    /// </summary>
    public static async Task<(int Started, int Program)> ProcessesOfAsync(this CodewalkersApp app, string resource)
    {
        var ready = await app.App.ResourceNotifications.WaitForResourceAsync(resource,
            e => e.Snapshot.State?.Text == KnownResourceStates.Running
                && e.Snapshot.HealthStatus == HealthStatus.Healthy
                && Pid(e.Snapshot) is not null,
            Timeout(60));
        var started = Pid(ready.Snapshot)!.Value;
        var program = LinuxProcesses.ChildrenOf(started).FirstOrDefault(
            child => LinuxProcesses.CommandOf(child).StartsWith("Codewalkers.", StringComparison.Ordinal));
        return (started, program == 0 ? started : program);
    }

    public static async Task WaitUntilRestartedAndHealthyAsync(
        this CodewalkersApp app, string resource, int previousPid) =>
        await app.App.ResourceNotifications.WaitForResourceAsync(resource,
            e => e.Snapshot.State?.Text == KnownResourceStates.Running
                && e.Snapshot.HealthStatus == HealthStatus.Healthy
                && Pid(e.Snapshot) is { } pid && pid != previousPid,
            Timeout(60));

    /// <summary>Kills a service with SIGKILL (no goodbye) and waits until the AppHost has it back, healthy.</summary>
    public static async Task KillAndAwaitRestartAsync(this CodewalkersApp app, string resource)
    {
        var (started, program) = await app.ProcessesOfAsync(resource);
        LinuxProcesses.Signal(program, "KILL");
        await app.WaitUntilRestartedAndHealthyAsync(resource, started);
    }

    /// <summary>As Aspire's own start command sees it: a terminal state, or DCP's "Terminated" and "Unknown".</summary>
    public static bool IsStopped(CustomResourceSnapshot snapshot) =>
        snapshot.State?.Text is { } state
            && (KnownResourceStates.TerminalStates.Contains(state) || state is "Terminated" or "Unknown");

    public static CancellationToken Timeout(int seconds) =>
        new CancellationTokenSource(TimeSpan.FromSeconds(seconds)).Token;

    private static int? Pid(CustomResourceSnapshot snapshot) =>
        snapshot.Properties.FirstOrDefault(p => p.Name == "executable.pid")?.Value is { } value
            ? Convert.ToInt32(value, CultureInfo.InvariantCulture)
            : null;
}

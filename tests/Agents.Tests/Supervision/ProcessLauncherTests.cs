using Codewalkers.Agents.Supervision;
using Codewalkers.TestSupport;

namespace Codewalkers.Agents.Tests.Supervision;

public sealed class ProcessLauncherTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cw-launcher-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task A_run_is_alive_from_the_moment_it_is_launched_until_its_exit_code_is_written()
    {
        // Right after the launch the kernel may still be exec'ing setsid or sh (an empty command line for a moment):
        // taking that for a dead run declared agents crashed while their CLI went on.
        var launcher = new ProcessLauncher();
        for (var i = 0; i < 40; i++)
        {
            var exitFile = Path.Combine(_dir, $"exit-code.{i}");
            var pidFile = Path.Combine(_dir, $"pid.{i}");
            var pid = launcher.Launch(
                "sh", ["-c", "sleep 0.3; exit 3"], _dir, Path.Combine(_dir, "output.jsonl"), exitFile, pidFile,
                new Dictionary<string, string>(), []);
            Assert.True(ProcessLauncher.IsAlive(pid, exitFile), $"launch {i} seen dead at once");
            // The wrapper records its own pid: the very process the service would otherwise only know from Launch.
            Assert.Equal(pid, await Eventually.ValueAsync(
                () => Task.FromResult(ProcessLauncher.ReadPid(pidFile)), p => p is not null, "pid file"));
            var waited = System.Diagnostics.Stopwatch.StartNew();
            while (ProcessLauncher.IsAlive(pid, exitFile) && waited.Elapsed < TimeSpan.FromSeconds(20))
                await Task.Delay(20);
            Assert.Equal("3", File.ReadAllText(exitFile).Trim());
        }
    }

    [Fact]
    public void A_pid_that_is_not_this_run_is_not_alive()
    {
        Assert.False(ProcessLauncher.IsAlive(Environment.ProcessId, Path.Combine(_dir, "exit-code.1")));
        Assert.False(ProcessLauncher.IsAlive(int.MaxValue, Path.Combine(_dir, "exit-code.1")));
    }
}

using System.Diagnostics;

namespace Codewalkers.AppHost.Broker;

/// <summary>
/// Whether a container engine answers, not merely whether its CLI is installed (a docker CLI without a daemon is
/// common).
/// </summary>
internal static class ContainerRuntime
{
    public static bool IsHealthy()
    {
        foreach (var cli in new[] { "docker", "podman" })
        {
            try
            {
                var start = new ProcessStartInfo(cli, "info --format {{.ServerVersion}}")
                {
                    RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true,
                };
                using var process = Process.Start(start);
                if (process is null) continue;
                process.StandardInput.Close();
                if (!process.WaitForExit(TimeSpan.FromSeconds(5)))
                {
                    process.Kill(entireProcessTree: true);
                    continue;
                }
                if (process.ExitCode == 0) return true;
            }
            catch (System.ComponentModel.Win32Exception)
            {
                // Not installed: try the next engine.
            }
        }
        return false;
    }
}

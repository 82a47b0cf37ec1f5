using System.Diagnostics;
using System.Text.Json;

namespace Codewalkers.EndToEnd.Tests.Infrastructure;

/// <summary>What one run of `cw` printed and exited with.</summary>
public sealed record CwRun(string CommandLine, int ExitCode, string Out, string Error)
{
    public JsonElement Json => JsonDocument.Parse(Out).RootElement;

    public CwRun Succeeded()
    {
        Assert.True(ExitCode == 0, $"`{CommandLine}` exited {ExitCode}:\n{Error}\n{Out}");
        return this;
    }
}

/// <summary>
/// Runs `cw` as a person would after ./run.sh: the launcher the AppHost writes to $CW_HOME/bin, as a child process,
/// pointed at the system under test by CW_API_URL and CW_HOME (the token file), nothing else.
/// </summary>
public static class CwCommandLine
{
    public static string Launcher(CodewalkersApp app) => Path.Combine(app.CwHome, "bin", "cw");

    public static async Task<CwRun> RunAsync(
        CodewalkersApp app, IEnumerable<string> args, TimeSpan? timeout = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(Launcher(app))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment["CW_API_URL"] = app.GatewayUrl.ToString();
        start.Environment["CW_HOME"] = app.CwHome;
        foreach (var name in (string[])["CW_TOKEN", "CW_AGENT_ID", "NO_COLOR"]) start.Environment.Remove(name);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;

        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(1));
        var commandLine = "cw " + string.Join(' ', start.ArgumentList);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"`{commandLine}` did not finish in time:\n{await error}\n{await output}");
        }
        return new CwRun(commandLine, process.ExitCode, await output, await error);
    }

    public static Task<CwRun> CwAsync(this CodewalkersApp app, params string[] args) => RunAsync(app, args);
}

using System.Diagnostics;

namespace Codewalkers.Agents.Workspace;

/// <summary>The git CLI, with arguments passed as a list (never through a shell).</summary>
public static partial class Git
{
    public sealed record Result(int ExitCode, string Output, string Error)
    {
        public bool Ok => ExitCode == 0;
    }

    public static Task<Result> TryAsync(string workdir, params string[] args) =>
        RunProcessAsync(workdir, input: null, ["git", .. args]);

    /// <summary>
    /// git with extra environment variables (a temporary index through <c>GIT_INDEX_FILE</c>, so the worktree's own
    /// index is never touched).
    /// </summary>
    public static Task<Result> TryWithEnvironmentAsync(
        string workdir, IReadOnlyDictionary<string, string> environment, params string[] args) =>
        RunProcessAsync(workdir, input: null, ["git", .. args], environment);

    /// <summary>
    /// git at a lower CPU priority (<c>nice -n 10</c>, inherited by the processes git starts), for work nobody waits
    /// on: on a busy machine it yields the cores to the hand-offs users wait on.
    /// </summary>
    public static Task<Result> TryInBackgroundAsync(string workdir, params string[] args) =>
        RunProcessAsync(workdir, input: null, ["nice", "-n", "10", "git", .. args]);

    /// <summary>
    /// Runs git with <paramref name="input"/> on its standard input (an <c>update-ref --stdin</c> transaction).
    /// </summary>
    public static Task<Result> TryWithInputAsync(string workdir, string input, params string[] args) =>
        RunProcessAsync(workdir, input, ["git", .. args]);

    private static async Task<Result> RunProcessAsync(string workdir, string? input, string[] command,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(command[0])
        {
            WorkingDirectory = workdir, RedirectStandardOutput = true, RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in command[1..]) start.ArgumentList.Add(arg);
        start.Environment["GIT_TERMINAL_PROMPT"] = "0";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        using var process = Process.Start(start) ?? throw new InvalidOperationException("git could not be started");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        try
        {
            if (input is not null) await process.StandardInput.WriteAsync(input);
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // git exited without reading its input: its exit code and error say why.
        }
        await process.WaitForExitAsync();
        return new Result(process.ExitCode, (await output).Trim(), Redact((await error).Trim()));
    }

    /// <summary>
    /// A project url may carry a user and token (https://user:token@host): git echoes it in errors we publish.
    /// </summary>
    public static string Redact(string text) => UrlCredentials().Replace(text, "://***@");

    [System.Text.RegularExpressions.GeneratedRegex(@"://[^/@\s]+@")]
    private static partial System.Text.RegularExpressions.Regex UrlCredentials();

    public static async Task<string> RunAsync(string workdir, params string[] args)
    {
        var result = await TryAsync(workdir, args);
        if (!result.Ok) throw new GitException($"git {string.Join(' ', args)} failed: {result.Error}");
        return result.Output;
    }
}

public class GitException(string message) : Exception(message);

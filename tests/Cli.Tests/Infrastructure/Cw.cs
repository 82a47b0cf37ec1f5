using Codewalkers.Cli.Core;

namespace Codewalkers.Cli.Tests.Infrastructure;

/// <summary>Runs one `cw` command line in-process against a <see cref="ScriptedApi"/>, capturing its output.</summary>
public static class Cw
{
    public sealed record Run(int ExitCode, string Out, string Error);

    /// <summary>
    /// The stand-in gateway is a <see cref="ScriptedApi"/> or any handler a test writes; <c>interactive</c> runs as on
    /// a terminal (prompts, the editor, the live watch).
    /// </summary>
    public static async Task<Run> RunAsync(
        HttpMessageHandler? api, string commandLine, IReadOnlyDictionary<string, string>? environment = null,
        string input = "", bool interactive = false, CancellationToken cancellationToken = default)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var variables = new Dictionary<string, string>
        {
            ["CW_TOKEN"] = "test-token",
            ["CW_API_URL"] = "http://gateway.test:5300",
            ["CW_HOME"] = Path.Combine(Path.GetTempPath(), "cw-cli-tests-home"),
        };
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) variables[key] = value;
        var host = new CliHost(name => variables.GetValueOrDefault(name), output, error, new StringReader(input),
            interactive, api ?? new ScriptedApi());
        var exitCode = await CwApp.RunAsync(Split(commandLine), host, cancellationToken);
        return new Run(exitCode, output.ToString(), error.ToString());
    }

    /// <summary>Splits like a shell would for the simple quoting tests use ("a b" stays one word).</summary>
    public static string[] Split(string commandLine)
    {
        var words = new List<string>();
        var word = new System.Text.StringBuilder();
        var quoted = false;
        var any = false;
        foreach (var c in commandLine)
        {
            if (c == '"') { quoted = !quoted; any = true; }
            else if (c == ' ' && !quoted)
            {
                if (any || word.Length > 0) words.Add(word.ToString());
                word.Clear();
                any = false;
            }
            else word.Append(c);
        }
        if (any || word.Length > 0) words.Add(word.ToString());
        return [.. words];
    }
}

using System.CommandLine;
using Codewalkers.Cli.Core;

namespace Codewalkers.Cli;

/// <summary>Parses and runs one `cw` command line.</summary>
public static class CwApp
{
    public static Task<int> RunAsync(string[] args, CliHost host, CancellationToken cancellationToken = default)
    {
        var root = new CwRootCommand(host);
        var parse = root.Parse(args);
        // Usage errors exit 2 (System.CommandLine's default is 1, which here means "the system failed").
        if (parse.Errors.Count > 0 && parse.Action is System.CommandLine.Invocation.ParseErrorAction)
        {
            foreach (var error in parse.Errors) host.Error.WriteLine($"cw: {OneLine(error.Message)}");
            host.Error.WriteLine($"See 'cw {string.Join(' ', CommandPath(parse))} --help'.".Replace("  ", " "));
            return Task.FromResult(ExitCodes.Usage);
        }
        return parse.InvokeAsync(new InvocationConfiguration { Output = host.Out, Error = host.Error }, cancellationToken);
    }

    /// <summary>"Must be one of:" and a line per value become one line: an error is one line.</summary>
    private static string OneLine(string message) => string.Join(' ', message.Split(['\r', '\n', '\t'],
        StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private static IEnumerable<string> CommandPath(ParseResult parse)
    {
        var names = new List<string>();
        for (var result = parse.CommandResult; result.Parent is System.CommandLine.Parsing.CommandResult parent;
             result = parent)
            names.Insert(0, result.Command.Name);
        return names;
    }
}

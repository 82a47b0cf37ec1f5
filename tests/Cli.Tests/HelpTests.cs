using System.CommandLine;
using Codewalkers.Cli.Core;
using Codewalkers.Cli.Tests.Infrastructure;

namespace Codewalkers.Cli.Tests;

/// <summary>`cw --help` is the reference: every command, argument and option says what it is for.</summary>
public class HelpTests
{
    private static readonly CwRootCommand Root =
        new(new CliHost(_ => null, TextWriter.Null, TextWriter.Null, TextReader.Null, false));

    [Fact]
    public void Every_command_argument_and_option_has_a_description()
    {
        var missing = Walk(Root, "cw").ToList();

        Assert.True(missing.Count == 0, "Without a description: " + string.Join(", ", missing));
    }

    [Fact]
    public void The_commands_the_issue_names_exist()
    {
        string[] expected =
        [
            "status", "project add", "project list", "project get", "project remove", "initiative create",
            "initiative list", "initiative get", "initiative tree", "initiative execute", "initiative approve",
            "initiative archive", "page list", "page get", "page edit", "phase approve", "phase deps",
            "phase review approve", "phase review request-changes", "phase diff", "task list", "task get", "task add",
            "task status", "task retry", "architect discuss", "architect plan", "architect detail", "architect refine",
            "proposal list", "proposal accept", "proposal dismiss", "proposal accept-all", "agent spawn", "agent list",
            "agent get", "agent stop", "agent delete", "agent resume", "agent answer", "agent logs", "agent prompt",
            "account add", "account list", "account remove", "inbox", "completion", "ask", "listen", "answer",
            "errand start", "errand list", "errand get", "errand diff", "errand chat", "errand request-changes",
            "errand merge", "errand resolve", "errand abandon", "errand delete", "chat phase", "chat task",
            "chat list", "chat show", "chat close", "chat reopen", "chat revert",
        ];
        var all = Paths(Root, "").ToHashSet();

        foreach (var path in expected) Assert.Contains(path, all);
    }

    [Fact]
    public async Task Help_of_a_subcommand_prints_its_usage_and_exits_0()
    {
        var run = await Cw.RunAsync(null, "agent logs --help");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("agent logs <id> [options]", run.Out);
        Assert.Contains("--follow", run.Out);
    }

    private static IEnumerable<string> Walk(Command command, string path)
    {
        if (string.IsNullOrWhiteSpace(command.Description)) yield return path;
        foreach (var argument in command.Arguments.Where(a => string.IsNullOrWhiteSpace(a.Description)))
            yield return $"{path} <{argument.Name}>";
        foreach (var option in command.Options.Where(o => string.IsNullOrWhiteSpace(o.Description)))
            yield return $"{path} {option.Name}";
        foreach (var sub in command.Subcommands)
        foreach (var gap in Walk(sub, $"{path} {sub.Name}"))
            yield return gap;
    }

    private static IEnumerable<string> Paths(Command command, string path)
    {
        foreach (var sub in command.Subcommands)
        {
            var subPath = (path + " " + sub.Name).Trim();
            yield return subPath;
            foreach (var deeper in Paths(sub, subPath)) yield return deeper;
        }
    }
}

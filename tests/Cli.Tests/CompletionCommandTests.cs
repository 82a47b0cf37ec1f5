using Codewalkers.Cli.Commands;
using Codewalkers.Cli.Core;
using Codewalkers.Cli.Tests.Infrastructure;

namespace Codewalkers.Cli.Tests;

/// <summary>
/// The completion scripts ask `cw "[suggest:N]" "line"`: these run that through CwApp as the shell would.
/// </summary>
public class CompletionCommandTests
{
    [Fact]
    public async Task The_suggest_directive_completes_a_command_name()
    {
        var run = await SuggestAsync("cw agen");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal(["agent"], Lines(run.Out));
    }

    [Fact]
    public async Task The_suggest_directive_lists_subcommands_and_option_values()
    {
        var subcommands = await SuggestAsync("cw agent ");
        var statuses = await SuggestAsync("cw agent list --status wai");

        Assert.Contains("spawn", Lines(subcommands.Out));
        Assert.Contains("logs", Lines(subcommands.Out));
        Assert.Equal(["waiting_for_capacity", "waiting_for_input"], Lines(statuses.Out));
    }

    [Fact]
    public async Task The_scripts_call_the_suggest_directive_for_their_shell()
    {
        var bash = await Cw.RunAsync(null, "completion bash");
        var zsh = await Cw.RunAsync(null, "completion zsh");

        Assert.Equal(ExitCodes.Success, bash.ExitCode);
        Assert.Equal(CompletionCommand.Bash.Trim(), bash.Out.Trim());
        Assert.Contains("complete -o default -F _cw_complete cw", bash.Out);
        Assert.Contains("\"[suggest:${#line}]\"", bash.Out);
        Assert.Contains("compdef _cw cw", zsh.Out);
    }

    [Fact]
    public async Task An_unknown_shell_is_a_usage_error()
    {
        var run = await Cw.RunAsync(null, "completion fish");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("fish", run.Error);
    }

    /// <summary>What the bash script runs for a line typed up to the cursor.</summary>
    private static Task<Cw.Run> SuggestAsync(string line) => Cw.RunAsync(null, $"[suggest:{line.Length}] \"{line}\"");

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries |
        StringSplitOptions.TrimEntries);
}

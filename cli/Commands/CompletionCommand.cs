using System.CommandLine;

namespace Codewalkers.Cli.Commands;

/// <summary>
/// `cw completion bash|zsh`: a shell completion script. It asks `cw` itself through System.CommandLine's
/// <c>[suggest:&lt;cursor&gt;]</c> directive, so every command, option and listed value completes without the script
/// knowing any of them.
/// </summary>
public sealed class CompletionCommand : Core.ICommandGroup
{
    internal const string Bash = """
        # cw completion for bash. Load it: source <(cw completion bash)   (add that line to ~/.bashrc)
        _cw_complete() {
            local line="${COMP_LINE:0:$COMP_POINT}" word="${COMP_LINE:0:$COMP_POINT}" suggestion
            word="${word##* }"
            COMPREPLY=()
            # cw suggests what contains the word; the shell wants what starts with it (and no Windows-style /h, -?).
            while IFS= read -r suggestion; do
                [[ "$suggestion" == /* || "$suggestion" == "-?" ]] && continue
                [[ "$suggestion" == "$word"* ]] && COMPREPLY+=("$suggestion")
            done < <(cw "[suggest:${#line}]" "$line" 2>/dev/null)
        }
        complete -o default -F _cw_complete cw
        """;

    internal const string Zsh = """
        # cw completion for zsh. Load it: source <(cw completion zsh)   (add that line to ~/.zshrc, after compinit)
        _cw() {
            local line="${(j: :)words[1,CURRENT]}"
            local -a suggestions
            suggestions=("${(@f)$(cw "[suggest:${#line}]" "$line" 2>/dev/null)}")
            suggestions=(${suggestions:#/*})
            suggestions=(${suggestions:#-\?})
            compadd -a suggestions
        }
        compdef _cw cw
        """;

    public Command Build()
    {
        var shell = new Argument<string>("shell") { Description = "bash or zsh." };
        shell.AcceptOnlyFromAmong("bash", "zsh");
        var command = new Command("completion", "Print a completion script for your shell. bash: add "
            + "'source <(cw completion bash)' to ~/.bashrc; zsh: add 'source <(cw completion zsh)' to ~/.zshrc "
            + "(after compinit). The script calls cw \"[suggest:<cursor>]\" \"<line>\" for each completion.")
        {
            shell,
        };
        // No gateway, token or --json here: only text for the shell.
        command.SetAction(parse =>
        {
            parse.InvocationConfiguration.Output.WriteLine(parse.GetRequiredValue(shell) == "zsh" ? Zsh : Bash);
            return 0;
        });
        return command;
    }
}

using System.CommandLine;
using Codewalkers.Cli.Core;

namespace Codewalkers.Cli.Commands;

/// <summary>`cw workspace`: work saved before a worktree, branch or clone was removed, and its restoring.</summary>
public sealed class WorkspaceCommands : ICommandGroup
{
    private static readonly Column[] SavedColumns =
    [
        new("PROJECT", e => Json.Text(e, "projectDeleted") == "yes"
            ? $"{Json.Text(e, "project")} (deleted)"
            : Json.Text(e, "project")),
        new("AGENT", "agentId"), new("SAVED", e => Json.Time(e, "time")), new("FILES", "filesChanged"),
        new("SUMMARY", "summary"), new("REF", "ref"),
    ];

    public Command Build() => new("workspace", "Work saved before worktrees, branches or clones were removed.")
    {
        Saved(), Restore(),
    };

    private static Command Saved() => new Command("saved",
            "List saved work (refs/cw/saved/<agent>/<time>): uncommitted and unmerged work kept when removed.")
        .Does(async (context, _, ct) => context.Output.Table(await context.Api.GetAsync("api/workspace/saved", ct),
            "No saved work: nothing was at risk when worktrees were removed.", SavedColumns));

    private static Command Restore()
    {
        var reference = new Argument<string>("ref") { Description = "The saved ref, as `cw workspace saved` lists." };
        var branch = new Argument<string>("branch") { Description = "The new branch to create at it." };
        return new Command("restore", "Create a branch at saved work, in the project's clone.")
        {
            reference, branch,
        }.Does(async (context, parse, ct) =>
        {
            var restored = await context.Api.PostAsync("api/workspace/saved/restore",
                new { @ref = parse.GetRequiredValue(reference), branch = parse.GetRequiredValue(branch) }, ct);
            var commit = Json.Text(restored, "commit");
            context.Output.Done(restored, $"Branch {Json.Text(restored, "branch")} created in "
                + $"{Json.Text(restored, "project")} at {commit[..Math.Min(12, commit.Length)]}.");
        });
    }
}

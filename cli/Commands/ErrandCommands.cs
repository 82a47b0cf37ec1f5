using System.CommandLine;
using System.Text.Json;
using Codewalkers.Cli.Core;
using Codewalkers.Cli.Errands;
using Codewalkers.Cli.Streaming;
using Spectre.Console;

namespace Codewalkers.Cli.Commands;

/// <summary>
/// `cw errand`: small one-off changes (the Errands service, /api/errands). A one-line description becomes a branch
/// `cw/errand-...`, a worktree and an agent; you read the diff, talk to the agent, and merge it into its base branch.
/// </summary>
public sealed class ErrandCommands : ICommandGroup
{
    // The API's vocabulary (Contracts.Errands.ErrandStatuses).
    private static readonly string[] Statuses = ["active", "pending_review", "merged", "conflict", "abandoned"];
    private const int MaxDescription = 200;
    private const string ReadyForReview = "pending_review";

    public Command Build() => new("errand",
        "Small one-off changes: a one-line description becomes a branch, a worktree and an agent; read its diff, " +
        "talk to its agent, merge it.")
    {
        Start(), List(), Get(), Diff(), Chat(), RequestChanges(), Merge(), Resolve(), Abandon(), Delete(),
    };

    private static Command Start()
    {
        var description = new Argument<string>("description")
        {
            Description = $"What to change, in one line of at most {MaxDescription} characters ('-' reads it from " +
                "standard input). It names the branch: cw/errand-<description as a slug>.",
        };
        var project = new Option<string>("--project")
        {
            HelpName = "project", Description = "The project (id or name) to change.", Required = true,
        };
        var baseBranch = new Option<string?>("--base")
        {
            HelpName = "branch",
            Description = "The branch to start from and merge into (default: the project's default branch).",
        };
        var provider = new Option<string?>("--provider")
        {
            Description = "The agent CLI to run (claude, codex, gemini; default: the system's default).",
        };
        var wait = ErrandWait.WaitOption("its agent is done", "pending review");
        var interval = ErrandWait.IntervalOption();
        return new Command("start",
            "Start an errand: the branch is made from --base and an agent works on it in its own worktree. " +
            "--json: the API's errand (POST /api/errands).")
        {
            description, project, baseBranch, provider, wait, interval,
        }.Does(async (context, parse, ct) =>
        {
            var text = Conversations.Text(context, parse.GetRequiredValue(description), "description").Trim();
            if (text.Length > MaxDescription)
                throw CliException.Usage($"The description has {text.Length} characters; an errand's is at most " +
                    $"{MaxDescription} (one line: what to change; tell the agent more with cw errand chat).");
            var projectId = Json.Text(await ProjectCommands.FindAsync(context, parse.GetRequiredValue(project), ct),
                "id");
            var errand = await context.Api.PostAsync("api/errands", RequestBody.Of(("projectId", projectId),
                ("description", text), ("baseBranch", parse.GetValue(baseBranch)),
                ("provider", parse.GetValue(provider))), ct);
            var id = Json.Text(errand, "id");
            return await AfterAsync(context, parse, wait, interval, errand, ReadyForReview,
                $"Errand {id} started on {Json.Text(errand, "branch")} (from {Json.Text(errand, "baseBranch")}). " +
                $"Follow it: cw errand get {id}", ct);
        });
    }

    private static Command List()
    {
        var project = new Option<string?>("--project")
        {
            HelpName = "project", Description = "Only this project's errands (id or name).",
        };
        var status = new Option<string?>("--status")
        {
            HelpName = "status", Description = $"Only errands in this status: {string.Join(", ", Statuses)}.",
        }.AcceptOnlyFromAmong(Statuses);
        return new Command("list", "List errands, newest first. --json: GET /api/errands.") { project, status }
            .Does(async (context, parse, ct) =>
            {
                var projectId = parse.GetValue(project) is { } named
                    ? Json.String(await ProjectCommands.FindAsync(context, named, ct), "id")
                    : null;
                var errands = await context.Api.GetAsync(QueryString.Path("api/errands", ("projectId", projectId),
                    ("status", parse.GetValue(status))), ct);
                context.Output.Table(errands, "No errands. Start one: cw errand start \"<what to change>\" " +
                    "--project <project>", ErrandView.ListColumns);
            });
    }

    private static Command Get()
    {
        var id = Arguments.Id("errand");
        var wait = ErrandWait.WaitOption(
            "it settles (not active or merging, or its agent needs you)", "pending review or merged");
        var interval = ErrandWait.IntervalOption();
        return new Command("get",
            "Show an errand: status, branch, agent, summary, error, the files in conflict, then its thread (what " +
            "you, its agent and the system said). --json: GET /api/errands/{id}.")
        {
            id, wait, interval,
        }.Does(async (context, parse, ct) =>
        {
            var errandId = parse.GetRequiredValue(id);
            if (parse.GetValue(wait))
                return await Waiter(context, parse, interval).RunAsync(errandId, null, ReadyForReview, ct);
            var errand = await context.Api.GetAsync(PathOf(errandId), ct);
            context.Output.Result(errand, () => ErrandView.Print(context.Output.Console, errand));
            return ExitCodes.Success;
        });
    }

    private static Command Diff()
    {
        var id = Arguments.Id("errand");
        var stat = new Option<bool>("--stat") { Description = "Only the changed files, one per line." };
        return new Command("diff",
            "Print the errand's commits since it left its base branch, then its changes as a git diff (git apply " +
            "takes the output). A merged errand: what it merged. --json: GET /api/errands/{id}/diff.")
        {
            id, stat,
        }.Does(async (context, parse, ct) =>
        {
            var diff = await context.Api.GetAsync($"{PathOf(parse.GetRequiredValue(id))}/diff", ct);
            context.Output.Result(diff, () =>
            {
                if (parse.GetValue(stat))
                {
                    ErrandView.PrintFiles(context.Host.Out, diff);
                    return;
                }
                ErrandView.PrintCommits(context.Host.Out, diff);
                context.Host.Out.Write(Json.String(diff, "patch") ?? "");
            });
        });
    }

    private static Command Chat()
    {
        var id = Arguments.Id("errand");
        var message = new Argument<string>("message")
        {
            Description = "What to tell the errand's agent ('-' reads it from standard input).",
        };
        var wait = ErrandWait.WaitOption("its agent is done again", "pending review");
        var interval = ErrandWait.IntervalOption();
        return new Command("chat",
            "Send the errand's agent a message: its session resumes with it (an errand pending review becomes " +
            "active again). Not while the agent runs. --json: the API's errand.")
        {
            id, message, wait, interval,
        }.Does(async (context, parse, ct) =>
        {
            var text = Conversations.Text(context, parse.GetRequiredValue(message), "message");
            var errand = await context.Api.PostAsync($"{PathOf(parse.GetRequiredValue(id))}/messages",
                new { message = text }, ct);
            return await AfterAsync(context, parse, wait, interval, errand, ReadyForReview,
                $"Told errand {Json.Text(errand, "id")}'s agent {Json.Text(errand, "agentName")}; it resumes.", ct);
        });
    }

    private static Command RequestChanges()
    {
        var id = Arguments.Id("errand");
        var feedback = new Argument<string>("feedback")
        {
            Description = "What to change ('-' reads it from standard input).",
        };
        var wait = ErrandWait.WaitOption("its agent is done again", "pending review");
        var interval = ErrandWait.IntervalOption();
        return new Command("request-changes",
            "Send an errand pending review back to its agent with your feedback; the same session revises the " +
            "work. --json: the API's errand.")
        {
            id, feedback, wait, interval,
        }.Does(async (context, parse, ct) =>
        {
            var text = Conversations.Text(context, parse.GetRequiredValue(feedback), "feedback");
            var errand = await context.Api.PostAsync($"{PathOf(parse.GetRequiredValue(id))}/request-changes",
                new { feedback = text }, ct);
            return await AfterAsync(context, parse, wait, interval, errand, ReadyForReview,
                $"Changes requested; errand {Json.Text(errand, "id")} is {ErrandView.Status(errand)}.", ct);
        });
    }

    private static Command Merge()
    {
        var id = Arguments.Id("errand");
        var wait = ErrandWait.WaitOption("the merge has ended", "merged");
        var interval = ErrandWait.IntervalOption();
        return new Command("merge",
            "Merge an errand pending review into its base branch and push that when the project has a remote. A " +
            "conflict leaves it in status conflict, with the files (cw errand resolve). --json: the API's errand.")
        {
            id, wait, interval,
        }.Does(async (context, parse, ct) =>
        {
            var errand = await context.Api.PostAsync($"{PathOf(parse.GetRequiredValue(id))}/merge", null, ct);
            var errandId = Json.Text(errand, "id");
            return await AfterAsync(context, parse, wait, interval, errand, "merged",
                $"Merging {Json.Text(errand, "branch")} into {Json.Text(errand, "baseBranch")}. How it went: " +
                $"cw errand get {errandId}", ct);
        });
    }

    private static Command Resolve()
    {
        var id = Arguments.Id("errand");
        var wait = ErrandWait.WaitOption("its agent has resolved the conflict", "pending review");
        var interval = ErrandWait.IntervalOption();
        return new Command("resolve",
            "Have an agent resolve an errand's merge conflict: it merges the base branch into the errand branch, " +
            "resolves the files and commits; then the errand is pending review again. --json: the API's errand.")
        {
            id, wait, interval,
        }.Does(async (context, parse, ct) =>
        {
            var errand = await context.Api.PostAsync($"{PathOf(parse.GetRequiredValue(id))}/resolve", null, ct);
            return await AfterAsync(context, parse, wait, interval, errand, ReadyForReview,
                $"Errand {Json.Text(errand, "id")}'s conflict goes to an agent; it is {ErrandView.Status(errand)}.",
                ct);
        });
    }

    private static Command Abandon()
    {
        var id = Arguments.Id("errand");
        return new Command("abandon",
            "Abandon an errand that is not merged: its agent stops, its branch and worktree are removed. The " +
            "record stays (cw errand delete removes it). --json: the API's errand.")
        {
            id,
        }.Does(async (context, parse, ct) =>
        {
            var errand = await context.Api.PostAsync($"{PathOf(parse.GetRequiredValue(id))}/abandon", null, ct);
            context.Output.Done(errand, $"Errand {Json.Text(errand, "id")} abandoned; its branch " +
                $"{Json.Text(errand, "branch")} and worktree are being removed.");
        });
    }

    private static Command Delete()
    {
        var id = Arguments.Id("errand");
        return new Command("delete",
            "Delete an errand's record (not while it is active; abandon it first). One pending review or in " +
            "conflict loses its branch too. --json: the errand as it was (the API answers 204).")
        {
            id,
        }.Does(async (context, parse, ct) =>
        {
            var path = PathOf(parse.GetRequiredValue(id));
            var errand = await context.Api.GetAsync(path, ct);
            await context.Api.DeleteAsync(path, ct);
            context.Output.Done(errand, $"Errand {Json.Text(errand, "id")} ({Json.Text(errand, "description")}) " +
                "deleted.");
        });
    }

    /// <summary>Without --wait: the confirmation (JSON: the answer). With it: the wait, and its exit code.</summary>
    private static async Task<int> AfterAsync(CliContext context, ParseResult parse, Option<bool> wait,
        Option<double> interval, JsonElement errand, string goal, string confirmation, CancellationToken ct)
    {
        if (!parse.GetValue(wait))
        {
            context.Output.Done(errand, confirmation);
            return ExitCodes.Success;
        }
        if (!context.Output.IsJson) context.Output.Console.WriteLine(confirmation);
        return await Waiter(context, parse, interval).RunAsync(Json.Text(errand, "id"), errand, goal, ct);
    }

    private static ErrandWait Waiter(CliContext context, ParseResult parse, Option<double> interval) =>
        new(context, TimeSpan.FromSeconds(parse.GetValue(interval)), ReconnectPolicy.ForStream());

    private static string PathOf(string id) => $"api/errands/{Uri.EscapeDataString(id)}";
}

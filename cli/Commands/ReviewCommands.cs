using System.CommandLine;
using System.Text.Json;
using Codewalkers.Cli.Core;
using Spectre.Console;

namespace Codewalkers.Cli.Commands;

/// <summary>
/// `cw review`: review comments on a phase's or an initiative's diff, in threads (GET/POST /api/review-comments).
/// A comment goes on a line the current diff shows; `cw phase review request-changes` turns the open threads into a
/// review task.
/// </summary>
public sealed class ReviewCommands : ICommandGroup
{
    private const string LineTypes = "added, removed or context";

    public Command Build() => new("review",
        "Comment on the lines of a phase's or an initiative's diff (cw phase diff), in threads; cw phase review " +
        "request-changes hands the open threads to an agent.")
    {
        List(), Add(), Reply(), Resolve("resolve", true), Resolve("unresolve", false), Delete(),
    };

    private static (Option<string?> Phase, Option<string?> Initiative) Scope(string verb) =>
        (new Option<string?>("--phase") { HelpName = "phase-id", Description = $"{verb} on this phase's diff." },
         new Option<string?>("--initiative")
         {
             HelpName = "initiative-id", Description = $"{verb} on this initiative's diff instead.",
         });

    private static void OneScope(Command command, Option<string?> phase, Option<string?> initiative) =>
        command.Validators.Add(result =>
        {
            if ((result.GetResult(phase) is null) == (result.GetResult(initiative) is null))
                result.AddError("Give --phase <id> or --initiative <id> (one of them).");
        });

    private static Command List()
    {
        var (phase, initiative) = Scope("The comments");
        var status = new Option<string>("--status")
        {
            Description = "Which threads: open (unresolved), resolved or all.",
            DefaultValueFactory = _ => "all",
        }.AcceptOnlyFromAmong("open", "resolved", "all");
        var command = new Command("list",
            "List the comment threads of a phase's or an initiative's diff, by file and line, each re-anchored to " +
            "the current diff (an outdated one's line is gone). --json: GET /api/review-comments.")
        {
            phase, initiative, status,
        };
        OneScope(command, phase, initiative);
        return command.Does(async (context, parse, ct) =>
        {
            var resolved = parse.GetValue(status) switch { "open" => "false", "resolved" => "true", _ => null };
            var threads = await context.Api.GetAsync(QueryString.Path("api/review-comments",
                ("phaseId", parse.GetValue(phase)), ("initiativeId", parse.GetValue(initiative)),
                ("resolved", resolved)), ct);
            context.Output.Result(threads, () => Print(context, threads));
        });
    }

    private static void Print(CliContext context, JsonElement threads)
    {
        var console = context.Output.Console;
        var all = Json.Items(threads).ToList();
        if (all.Count == 0)
        {
            console.WriteLine("No comments. Add one: cw review add --phase <id> --file <path> --line <n> <text>");
            return;
        }
        foreach (var thread in all)
        {
            var state = Json.Find(thread, "resolved")?.GetBoolean() == true ? "resolved" : "open";
            if (Json.Find(thread, "outdated")?.GetBoolean() == true) state += ", outdated";
            console.WriteLine($"{Json.Text(thread, "id")}  {Json.Text(thread, "filePath")}:" +
                $"{Json.Text(thread, "lineNumber")} ({Json.Text(thread, "lineType")})  [{state}]");
            console.WriteLine($"    | {Json.Text(thread, "lineText")}");
            console.WriteLine($"  {Json.Text(thread, "author")}: {Json.Text(thread, "body")}");
            foreach (var reply in Json.Items(thread, "replies"))
                console.WriteLine($"    > {Json.Text(reply, "author")}: {Json.Text(reply, "body")}  " +
                    $"({Json.Text(reply, "id")})");
            console.WriteLine();
        }
    }

    private static Command Add()
    {
        var (phase, initiative) = Scope("Comment");
        var file = new Option<string>("--file")
        {
            HelpName = "path", Description = "The file, as the diff names it.", Required = true,
        };
        var line = new Option<int>("--line")
        {
            HelpName = "n",
            Description = "The line number: new-side for added and context lines, old-side for removed ones.",
            Required = true,
        };
        var type = new Option<string>("--type")
        {
            Description = $"The line's side: {LineTypes}.",
            DefaultValueFactory = _ => "added",
        }.AcceptOnlyFromAmong("added", "removed", "context");
        var project = new Option<string?>("--project")
        {
            HelpName = "project-id", Description = "The project, when the same path changed in several.",
        };
        var author = new Option<string?>("--author") { Description = "Who says it (default: you)." };
        var body = new Argument<string>("text") { Description = "The comment." };
        var command = new Command("add",
            "Comment on one line of the current diff; a file or line the diff does not show is refused.")
        {
            phase, initiative, file, line, type, project, author, body,
        };
        OneScope(command, phase, initiative);
        return command.Does(async (context, parse, ct) =>
        {
            var comment = await context.Api.PostAsync("api/review-comments", RequestBody.Of(
                ("phaseId", parse.GetValue(phase)), ("initiativeId", parse.GetValue(initiative)),
                ("filePath", parse.GetRequiredValue(file)), ("lineNumber", parse.GetValue(line)),
                ("lineType", parse.GetValue(type)), ("body", parse.GetRequiredValue(body)),
                ("author", parse.GetValue(author)), ("projectId", parse.GetValue(project))), ct);
            context.Output.Done(comment, $"Comment {Json.Text(comment, "id")} on {Json.Text(comment, "filePath")}:" +
                $"{Json.Text(comment, "lineNumber")}.");
        });
    }

    private static Command Reply()
    {
        var id = Arguments.Id("comment");
        var author = new Option<string?>("--author") { Description = "Who says it (default: you)." };
        var body = new Argument<string>("text") { Description = "The reply." };
        return new Command("reply", "Reply in a comment's thread.") { id, body, author }
            .Does(async (context, parse, ct) =>
            {
                var reply = await context.Api.PostAsync(
                    $"api/review-comments/{Uri.EscapeDataString(parse.GetRequiredValue(id))}/replies",
                    RequestBody.Of(("body", parse.GetRequiredValue(body)), ("author", parse.GetValue(author))), ct);
                context.Output.Done(reply, $"Replied ({Json.Text(reply, "id")}) in thread " +
                    $"{Json.Text(reply, "parentCommentId")}.");
            });
    }

    private static Command Resolve(string verb, bool resolved)
    {
        var id = Arguments.Id("comment");
        return new Command(verb, resolved
            ? "Mark a comment's thread resolved (any comment of the thread names it)."
            : "Open a resolved thread again.")
        {
            id,
        }.Does(async (context, parse, ct) =>
        {
            var thread = await context.Api.PostAsync(
                $"api/review-comments/{Uri.EscapeDataString(parse.GetRequiredValue(id))}/{verb}", null, ct);
            context.Output.Done(thread, $"Thread {Json.Text(thread, "id")} {(resolved ? "resolved" : "open again")}.");
        });
    }

    private static Command Delete()
    {
        var id = Arguments.Id("comment");
        return new Command("delete", "Delete a reply, or a whole thread with its replies.") { id }
            .Does(async (context, parse, ct) =>
            {
                var answer = await context.Api.DeleteAsync(
                    $"api/review-comments/{Uri.EscapeDataString(parse.GetRequiredValue(id))}", ct);
                context.Output.Done(answer, $"Deleted {parse.GetRequiredValue(id)}.");
            });
    }
}

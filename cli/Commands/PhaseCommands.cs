using System.CommandLine;
using System.Text.Json;
using Codewalkers.Cli.Core;
using Spectre.Console;

namespace Codewalkers.Cli.Commands;

/// <summary>`cw phase`: approve phases for execution, order them, review what their agents built.</summary>
public sealed class PhaseCommands : ICommandGroup
{
    internal static readonly string[] Statuses =
        ["pending", "approved", "in_progress", "pending_review", "completed", "blocked"];

    private static readonly Column[] Columns =
        [new("ID", "id"), new("NAME", "name"), new("STATUS", "status"), new("AFTER", "dependsOn")];

    public Command Build() => new("phase", "Approve, order and review an initiative's phases.")
    {
        List(), Get(), Approve(), Deps(), Review(), Diff(),
    };

    private static Command List()
    {
        var initiative = new Option<string>("--initiative")
        {
            HelpName = "initiative-id",
            Description = "The initiative whose phases to list.",
            Required = true,
        };
        var status = new Option<string?>("--status") { Description = "Only phases in this status." }
            .AcceptOnlyFromAmong(Statuses);
        return new Command("list", "List an initiative's phases, oldest first.") { initiative, status }
            .Does(async (context, parse, ct) => context.Output.PagedTable(await context.Api.GetAsync(
                    QueryString.Path("api/phases", ("initiativeId", parse.GetRequiredValue(initiative)),
                        ("status", parse.GetValue(status)), ("take", "500")), ct),
                "No phases. Plan them: cw architect plan <initiative>", Columns));
    }

    private static Command Get()
    {
        var id = Arguments.Id("phase");
        return new Command("get", "Show one phase.") { id }.Does(async (context, parse, ct) =>
            context.Output.Fields(await context.Api.GetAsync(PathOf(parse, id), ct),
            [
                new("ID", "id"), new("NAME", "name"), new("STATUS", "status"), new("INITIATIVE", "initiativeId"),
                new("AFTER", "dependsOn"), new("BRANCH", "branch"), new("BLOCKED BECAUSE", "blockedReason"),
                new("MERGE BASE", "mergeBase"), new("UPDATED", e => Json.Time(e, "updatedAt")),
            ]));
    }

    private static Command Approve()
    {
        var ids = new Argument<string[]>("id")
        {
            Description = "The phases to approve (pending -> approved).",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var initiative = new Option<string?>("--initiative")
        {
            HelpName = "initiative-id",
            Description = "Approve every pending phase of this initiative instead.",
        };
        var command = new Command("approve",
            "Approve phases for execution: cw initiative execute dispatches approved phases only. --json prints " +
            "the API's answer for one phase named, an array of them otherwise.")
        {
            ids, initiative,
        };
        command.Validators.Add(result =>
        {
            var named = result.GetValue(ids) is { Length: > 0 };
            if (named == (result.GetResult(initiative) is not null))
                result.AddError("Name the phases to approve, or pass --initiative <id> for all pending ones.");
        });
        return command.Does(async (context, parse, ct) =>
        {
            var targets = parse.GetValue(ids) is { Length: > 0 } given ? given : [
                .. Json.Items(await context.Api.GetAsync(QueryString.Path("api/phases",
                        ("initiativeId", parse.GetValue(initiative)), ("status", "pending"), ("take", "500")), ct),
                    "items").Select(p => Json.String(p, "id") ?? ""),
            ];
            var approved = new List<JsonElement>();
            foreach (var phase in targets)
                approved.Add(await context.Api.PostAsync($"api/phases/{Uri.EscapeDataString(phase)}/approve", null,
                    ct));
            var answer = JsonSerializer.SerializeToElement(approved);
            if (context.Output.IsJson)
                context.Output.WriteJson(parse.GetValue(ids) is { Length: 1 } ? approved[0] : answer);
            else if (approved.Count == 0) context.Output.Console.WriteLine("No pending phases to approve.");
            else
                foreach (var phase in approved)
                    context.Output.Console.WriteLine(
                        $"Phase {Json.Text(phase, "name")} approved ({Json.Text(phase, "id")}).");
        });
    }

    private static Command Deps()
    {
        var id = Arguments.Id("phase");
        var add = new Option<string[]>("--add")
        {
            HelpName = "phase-id",
            Description = "Make the phase depend on these phases (same initiative; a cycle is refused).",
            AllowMultipleArgumentsPerToken = true,
        };
        var remove = new Option<string[]>("--remove")
        {
            HelpName = "phase-id",
            Description = "Drop the dependency on these phases.",
            AllowMultipleArgumentsPerToken = true,
        };
        return new Command("deps",
            "List the phases this phase depends on (it starts after they complete), or change them.")
        {
            id, add, remove,
        }.Does(async (context, parse, ct) =>
        {
            var path = PathOf(parse, id);
            var phase = default(JsonElement);
            if (parse.GetValue(add) is { Length: > 0 } added)
                phase = await context.Api.PostAsync($"{path}/dependencies", new { dependsOn = added }, ct);
            foreach (var removed in parse.GetValue(remove) ?? [])
                phase = await context.Api.DeleteAsync($"{path}/dependencies/{Uri.EscapeDataString(removed)}", ct);
            if (phase.ValueKind != JsonValueKind.Object) phase = await context.Api.GetAsync(path, ct);
            if (context.Output.IsJson)
            {
                context.Output.WriteJson(phase);
                return;
            }
            var all = await context.Api.GetAsync(QueryString.Path("api/phases",
                ("initiativeId", Json.String(phase, "initiativeId")), ("take", "500")), ct);
            var dependsOn = Json.Items(phase, "dependsOn").Select(d => d.GetString()).ToHashSet();
            context.Output.Table(
                JsonSerializer.SerializeToElement(Json.Items(all, "items")
                    .Where(p => dependsOn.Contains(Json.String(p, "id")))),
                $"Phase {Json.Text(phase, "name")} depends on no other phase.",
                new Column("ID", "id"), new Column("NAME", "name"), new Column("STATUS", "status"));
        });
    }

    private static Command Review()
    {
        var approveId = Arguments.Id("phase");
        var approve = new Command("approve",
            "Approve a phase pending review: its branch is merged into the initiative branch, then it completes.")
        {
            approveId,
        }.Does(async (context, parse, ct) =>
        {
            var answer = await context.Api.PostAsync($"{PathOf(parse, approveId)}/review/approve", null, ct);
            var phase = Json.Find(answer, "phase") ?? default;
            context.Output.Done(answer, Json.String(phase, "status") == "completed"
                ? $"Phase {Json.Text(phase, "name")} approved and completed."
                : $"Phase {Json.Text(phase, "name")} approved: merging it into the initiative branch.");
        });

        var changesId = Arguments.Id("phase");
        var feedback = new Option<string?>("--feedback")
        {
            HelpName = "text",
            Description = "What to change, besides the open review comments (cw review list). Needed when the " +
                "phase has no open comment.",
        };
        var requestChanges = new Command("request-changes",
            "Send a phase pending review back to work: a review task gets its open comment threads (cw review) and " +
            "your feedback; the agent replies in the threads, and the phase returns to review when done.")
        {
            changesId, feedback,
        }.Does(async (context, parse, ct) =>
        {
            var task = await context.Api.PostAsync($"{PathOf(parse, changesId)}/review/request-changes",
                RequestBody.Of(("feedback", parse.GetValue(feedback))), ct);
            context.Output.Done(task, $"Changes requested: review task {Json.Text(task, "id")} added; the phase is " +
                "in progress again.");
        });

        return new Command("review", "Review a finished phase (execution mode review_per_phase).")
        {
            approve, requestChanges,
        };
    }

    private static Command Diff()
    {
        var id = Arguments.Id("phase");
        var project = new Option<string?>("--project")
        {
            HelpName = "project-id",
            Description = "Only this project's changes (by id; default: every project of the initiative).",
        };
        return new Command("diff",
            "Print what the phase's agents changed (its branch since it left the initiative branch) as a git diff.")
        {
            id, project,
        }.Does(async (context, parse, ct) =>
        {
            var changes = await context.Api.GetAsync(QueryString.Path($"{PathOf(parse, id)}/diff",
                ("projectId", parse.GetValue(project))), ct);
            context.Output.Result(changes, () =>
            {
                var projects = Json.Items(changes).ToList();
                foreach (var change in projects)
                {
                    // Lines before a "diff --git" header are skipped by git apply, so the output still applies.
                    if (projects.Count > 1)
                        context.Host.Out.WriteLine($"# {Json.Text(change, "projectName")}: " +
                            $"{Json.Text(change, "base")}..{Json.Text(change, "head")}");
                    context.Host.Out.Write(Json.String(change, "changes.patch") ?? "");
                }
            });
        });
    }

    private static string PathOf(ParseResult parse, Argument<string> id) =>
        $"api/phases/{Uri.EscapeDataString(parse.GetRequiredValue(id))}";
}

using System.CommandLine;
using System.Text.Json;
using Codewalkers.Cli.Core;
using Codewalkers.Cli.Watch;
using Spectre.Console;

namespace Codewalkers.Cli.Commands;

/// <summary>`cw initiative`: a piece of work planned into phases and tasks, executed on a branch of its own.</summary>
public sealed class InitiativeCommands : ICommandGroup
{
    internal static readonly string[] Statuses = ["active", "pending_review", "completed", "archived"];

    private static readonly Column[] Columns =
    [
        new("ID", "id"), new("NAME", "name"), new("STATUS", "status"), new("MODE", "executionMode"),
        new("BRANCH", "branch"),
    ];

    public Command Build() => new("initiative",
        "Create initiatives, follow their plan and execution, and approve the result.")
    {
        Create(), Update(), List(), Get(), Tree(), Execute(), Approve(), Merges(), Overlaps(), Assignments(), Archive(), Delete(),
    };

    private static Command Create()
    {
        var name = new Argument<string>("name") { Description = "The initiative's name (what is to be built)." };
        var projects = new Option<string[]>("--project")
        {
            HelpName = "project",
            Description = "A project the initiative works on, by id or name; repeat or list several " +
                "(cw project list).",
            AllowMultipleArgumentsPerToken = true,
        };
        var branch = new Option<string?>("--branch")
        {
            HelpName = "branch",
            Description = "The initiative's git branch (default: a unique cw/<name-as-slug>).",
        };
        var yolo = new Option<bool>("--yolo")
        {
            Description = "Execution mode yolo: each finished phase is merged at once. Default review_per_phase: " +
                "each finished phase waits for cw phase review approve.",
        };
        var qualityReview = new Option<bool>("--quality-review")
        {
            Description = "A reviewer agent checks and fixes every task's work before the task completes.",
        };
        var providers = new Option<string[]>("--provider")
        {
            HelpName = "provider",
            Description = "A provider the initiative's agents run on (claude, codex, ...); repeat for fallbacks, " +
                "first one first. Default: the Agents service's default provider.",
        };
        var verify = VerifyOption();
        return new Command("create", "Create an initiative with its root page, linked to projects.")
        {
            name, projects, branch, yolo, qualityReview, providers, verify,
        }.Does(async (context, parse, ct) =>
        {
            var projectIds = new List<string>();
            foreach (var project in parse.GetValue(projects) ?? [])
                projectIds.Add(Json.Text(await ProjectCommands.FindAsync(context, project, ct), "id"));
            var initiative = await context.Api.PostAsync("api/initiatives", RequestBody.Of(
                ("name", parse.GetRequiredValue(name)),
                ("branch", parse.GetValue(branch)),
                ("executionMode", parse.GetValue(yolo) ? "yolo" : null),
                ("qualityReview", parse.GetValue(qualityReview) ? true : null),
                ("projectIds", projectIds.ToArray()),
                ("providers", parse.GetValue(providers)),
                ("verifyCommand", parse.GetValue(verify))), ct);
            var id = Json.Text(initiative, "id");
            context.Output.Done(initiative, $"Initiative {Json.Text(initiative, "name")} created: {id} " +
                $"(branch {Json.Text(initiative, "branch")}). Plan it: cw architect plan {id}");
        });
    }

    private static Command Update()
    {
        var id = Arguments.Id("initiative");
        var name = new Option<string?>("--name") { Description = "A new name." };
        var verify = VerifyOption();
        return new Command("update", "Rename an initiative or change how its work is verified.")
        {
            id, name, verify,
        }.Does(async (context, parse, ct) =>
        {
            var initiative = await context.Api.PatchAsync($"api/initiatives/{Escape(parse, id)}", RequestBody.Of(
                ("name", parse.GetValue(name)),
                ("verifyCommand", parse.GetValue(verify))), ct);
            context.Output.Done(initiative, $"Initiative {Json.Text(initiative, "name")} updated.");
        });
    }

    /// <summary>The initiative's check: it replaces its projects' verify commands for its work.</summary>
    private static Option<string?> VerifyOption() => new("--verify")
    {
        Description = "How the initiative's work is checked, in place of its projects' verify commands: run with " +
            "sh -c in each project (task agents' done, merged results) with that project's time limit " +
            "(e.g. \"dotnet test\"); \"\" removes it.",
        HelpName = "command",
    };

    private static Command List()
    {
        var status = new Option<string?>("--status")
        {
            Description = "Only initiatives in this status.",
        }.AcceptOnlyFromAmong(Statuses);
        return new Command("list", "List initiatives, newest first.") { status }.Does(async (context, parse, ct) =>
            context.Output.PagedTable(
                await context.Api.GetAsync(QueryString.Path("api/initiatives", ("status", parse.GetValue(status))),
                    ct),
                parse.GetValue(status) is { } wanted
                    ? $"No initiatives are {wanted}."
                    : "No initiatives. Create one: cw initiative create <name> --project <project>", Columns));
    }

    private static Command Get()
    {
        var id = Arguments.Id("initiative");
        return new Command("get", "Show one initiative.") { id }.Does(async (context, parse, ct) =>
            context.Output.Fields(await context.Api.GetAsync($"api/initiatives/{Escape(parse, id)}", ct),
            [
                .. Columns,
                new("BRANCH LOCKED", "branchLocked"), new("QUALITY REVIEW", "qualityReview"),
                new("PROJECTS", "projectIds"), new("PROVIDERS", ProvidersText),
                new("VERIFY", e => Json.String(e, "verifyCommand") ?? "each project's own"),
                new("ROOT PAGE", "rootPageId"),
                new("EXECUTING SINCE", e => Json.Time(e, "executionStartedAt")),
                new("CREATED", e => Json.Time(e, "createdAt")),
            ]));
    }

    /// <summary>The providers in their order; an empty list says what it means rather than "-".</summary>
    private static string ProvidersText(JsonElement initiative) =>
        Json.Items(initiative, "providers").Any() ? Json.Text(initiative, "providers") : "default";

    private static Command Tree()
    {
        var id = Arguments.Id("initiative");
        return new Command("tree", "Show the initiative's phases with their tasks (and subtasks) and statuses.")
        {
            id,
        }.Does(async (context, parse, ct) =>
        {
            var tree = await context.Api.GetAsync($"api/initiatives/{Escape(parse, id)}/tree", ct);
            context.Output.Result(tree, () => context.Output.Console.Write(PlanTree.Render(tree)));
        });
    }

    private static Command Execute()
    {
        var id = Arguments.Id("initiative");
        var watch = new Option<bool>("--watch")
        {
            Description = "Then follow the execution until it needs you: exit 0 when the initiative (or, with " +
                "nothing else to run, a phase) waits for your review or is completed, 1 when work is blocked " +
                "(the blocked tasks and phases are printed with their reasons) or the initiative was archived, " +
                "130 on Ctrl+C. With --json: one JSON object per line per change.",
        };
        var interval = Arguments.Interval("Seconds between two looks at the plan while watching.");
        return new Command("execute",
            "Start executing the initiative's approved phases: agents work on their tasks as dependencies allow. " +
            "Needs a linked project and at least one approved phase (cw phase approve).")
        {
            id, watch, interval,
        }.Does(async (context, parse, ct) =>
        {
            var initiativeId = parse.GetRequiredValue(id);
            var answer = await context.Api.PostAsync($"api/initiatives/{Uri.EscapeDataString(initiativeId)}/execute",
                null, ct);
            if (!parse.GetValue(watch))
            {
                var integration = Json.String(answer, "integrationPhaseId") is { } phase
                    ? $" An Integration phase ({phase}) checks that the phases work together." : "";
                context.Output.Done(answer, $"Initiative {initiativeId} is executing.{integration} Follow it: " +
                    $"cw initiative execute {initiativeId} --watch");
                return ExitCodes.Success;
            }
            return await new ExecutionWatch(context, initiativeId, TimeSpan.FromSeconds(parse.GetValue(interval)))
                .RunAsync(ct);
        });
    }

    private static Command Approve()
    {
        var id = Arguments.Id("initiative");
        var pushOnly = new Option<bool>("--push-branch-only")
        {
            Description = "Push only the initiative branch (for a pull request) instead of merging it into each " +
                "project's default branch and pushing that.",
        };
        var wait = new Option<bool>("--wait")
        {
            Description = "Wait until every merge or push has finished; exit 1 when one conflicted or failed.",
        };
        return new Command("approve",
            "Approve an initiative pending review: merge its branch into each project's default branch and push it.")
        {
            id, pushOnly, wait,
        }.Does(async (context, parse, ct) =>
        {
            var initiativeId = parse.GetRequiredValue(id);
            var merges = await context.Api.PostAsync($"api/initiatives/{Uri.EscapeDataString(initiativeId)}/approve",
                RequestBody.Of(("pushBranchOnly", parse.GetValue(pushOnly) ? true : null)), ct);
            if (!parse.GetValue(wait))
            {
                context.Output.Table(merges, "Nothing to merge: the initiative has no project.", MergeColumns);
                if (!context.Output.IsJson)
                    context.Output.Console.WriteLine($"Follow it: cw initiative merges {initiativeId}");
                return ExitCodes.Success;
            }
            return await WaitForMergesAsync(context, initiativeId, merges, ct);
        });
    }

    private static readonly Column[] MergeColumns =
    [
        new("ID", "id"), new("KIND", "kind"), new("PROJECT", "projectId"), new("FROM", "sourceBranch"),
        new("INTO", "targetBranch"), new("STATUS", "status"), new("ERROR", "error"),
    ];

    private static async Task<int> WaitForMergesAsync(CliContext context, string initiativeId, JsonElement asked,
        CancellationToken ct)
    {
        var ids = Json.Items(asked).Select(m => Json.String(m, "id")).OfType<string>().ToHashSet();
        while (true)
        {
            var all = await context.Api.GetAsync($"api/initiatives/{Uri.EscapeDataString(initiativeId)}/merges", ct);
            var mine = Json.Items(all).Where(m => ids.Contains(Json.String(m, "id") ?? "")).ToList();
            if (mine.All(m => Json.String(m, "status") != "requested"))
            {
                var result = JsonSerializer.SerializeToElement(mine);
                context.Output.Table(result, "Nothing to merge: the initiative has no project.", MergeColumns);
                return mine.All(m => Json.String(m, "status") == "merged") ? ExitCodes.Success : ExitCodes.Failure;
            }
            await Task.Delay(TimeSpan.FromSeconds(1), ct);
        }
    }

    private static Command Merges()
    {
        var id = Arguments.Id("initiative");
        return new Command("merges", "List every merge and push asked for the initiative, newest first, with errors.")
        {
            id,
        }.Does(async (context, parse, ct) => context.Output.Table(
            await context.Api.GetAsync($"api/initiatives/{Escape(parse, id)}/merges", ct), "No merges yet.",
            MergeColumns));
    }

    private static Command Overlaps()
    {
        var id = Arguments.Id("initiative");
        return new Command("overlaps",
            "List pairs of unmerged tasks whose files overlap (declared, or observed in a finished task's branch) " +
            "and how dispatch treats them: waits (one after the other), ordered (a dependency), allowed, other_phase.")
        {
            id,
        }.Does(async (context, parse, ct) =>
        {
            var answer = await context.Api.GetAsync($"api/initiatives/{Escape(parse, id)}/overlaps", ct);
            context.Output.Result(answer, () => context.Output.Table(
                Json.Find(answer, "overlaps") ?? default, "No overlapping tasks.",
                new Column("FIRST", e => $"{Json.Text(e, "first.name")} ({Json.Text(e, "first.id")})"),
                new Column("SECOND", e => $"{Json.Text(e, "second.name")} ({Json.Text(e, "second.id")})"),
                new Column("PATHS", "paths"), new Column("SOURCE", "source"), new Column("HANDLING", "handling")));
        });
    }

    private static Command Assignments()
    {
        var id = Arguments.Id("initiative");
        return new Command("assignments",
            "List the agents the initiative asked for (architects and tasks), newest first: status, agent, error.")
        {
            id,
        }.Does(async (context, parse, ct) => context.Output.PagedTable(
            await context.Api.GetAsync($"api/initiatives/{Escape(parse, id)}/assignments", ct), "No agents yet.",
            new("ID", "id"), new("MODE", "mode"), new("STATUS", "status"), new("AGENT", "agentName"),
            new("TASK", "taskId"), new("ERROR", "error")));
    }

    private static Command Archive()
    {
        var id = Arguments.Id("initiative");
        return new Command("archive", "Archive an initiative (it leaves the active list; nothing is deleted).")
        {
            id,
        }.Does(async (context, parse, ct) =>
        {
            var initiative = await context.Api.PostAsync($"api/initiatives/{Escape(parse, id)}/archive", null, ct);
            context.Output.Done(initiative, $"Initiative {Json.Text(initiative, "name")} archived.");
        });
    }

    private static Command Delete()
    {
        var id = Arguments.Id("initiative");
        var force = new Option<bool>("--force")
        {
            Description = "Delete it even with unmerged work or agents at work (its branches stay in the clones).",
        };
        return new Command("delete",
            "Delete an initiative with its pages, phases and tasks (refused while it has unmerged work).")
        {
            id, force,
        }.Does(async (context, parse, ct) =>
        {
            var initiative = await context.Api.GetAsync($"api/initiatives/{Escape(parse, id)}", ct);
            var query = parse.GetValue(force) ? "?force=true" : "";
            await context.Api.DeleteAsync($"api/initiatives/{Escape(parse, id)}{query}", ct);
            context.Output.Done(initiative, $"Initiative {Json.Text(initiative, "name")} deleted.");
        });
    }

    private static string Escape(ParseResult parse, Argument<string> id) =>
        Uri.EscapeDataString(parse.GetRequiredValue(id));
}

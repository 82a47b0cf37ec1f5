using System.CommandLine;
using Codewalkers.Cli.Core;

namespace Codewalkers.Cli.Commands;

/// <summary>
/// `cw task`: the units of work agents run. An agent (CW_AGENT_ID set) adds tasks under its own task with
/// `cw task add &lt;name&gt;`: the server fills in what its token stands for.
/// </summary>
public sealed class TaskCommands : ICommandGroup
{
    internal static readonly string[] Statuses = ["pending", "in_progress", "quality_review", "completed", "blocked"];

    internal static readonly string[] Categories =
        ["execute", "research", "discuss", "plan", "detail", "refine", "verify", "merge", "review"];

    /// <summary>
    /// What `task status` accepts (the status to reach, or the transition's name) and the API transition it is.
    /// </summary>
    internal static readonly IReadOnlyDictionary<string, string> Transitions = new Dictionary<string, string>
    {
        ["in_progress"] = "start", ["start"] = "start",
        ["quality_review"] = "submit-for-quality-review",
        ["completed"] = "complete", ["complete"] = "complete",
        ["blocked"] = "block", ["block"] = "block",
        ["pending"] = "retry", ["retry"] = "retry",
    };

    private static readonly Column[] Columns =
    [
        new("ID", "id"), new("NAME", "name"), new("STATUS", "status"), new("CATEGORY", "category"),
        new("PRIORITY", "priority"), new("PHASE", "phaseId"),
    ];

    public Command Build() => new("task", "List, add and move the tasks agents work on.")
    {
        List(), Get(), Add(), Update(), Status(), Retry(),
    };

    private static Command List()
    {
        var initiative = new Option<string?>("--initiative")
        {
            HelpName = "initiative-id",
            Description = "Only tasks of this initiative.",
        };
        var phase = new Option<string?>("--phase") { HelpName = "phase-id", Description = "Only tasks of this phase." };
        var parent = new Option<string?>("--parent")
        {
            HelpName = "task-id",
            Description = "Only the subtasks of this task.",
        };
        var status = new Option<string?>("--status") { Description = "Only tasks in this status." }
            .AcceptOnlyFromAmong(Statuses);
        var category = new Option<string?>("--category")
        {
            HelpName = "category",
            Description = $"Only tasks of this category: {string.Join(", ", Categories)}.",
        }
            .AcceptOnlyFromAmong(Categories);
        return new Command("list", "List tasks by phase, then order.")
        {
            initiative, phase, parent, status, category,
        }.Does(async (context, parse, ct) => context.Output.PagedTable(await context.Api.GetAsync(
                QueryString.Path("api/tasks", ("initiativeId", parse.GetValue(initiative)),
                    ("phaseId", parse.GetValue(phase)), ("parentTaskId", parse.GetValue(parent)),
                    ("status", parse.GetValue(status)), ("category", parse.GetValue(category))), ct),
            "No tasks.", Columns));
    }

    private static Command Get()
    {
        var id = Arguments.Id("task");
        return new Command("get", "Show one task with its description, summary and dependencies.") { id }
            .Does(async (context, parse, ct) => context.Output.Fields(await context.Api.GetAsync(PathOf(parse, id), ct),
            [
                .. Columns,
                new("INITIATIVE", "initiativeId"), new("PARENT", "parentTaskId"), new("AFTER", "dependsOn"),
                new("RETRIES", "retryCount"), new("BLOCKED BECAUSE", "blockedReason"),
                new("FILES", "files"), new("OVERLAP ALLOWED", "allowOverlap"),
                new("WAITING FOR", e => Json.String(e, "waitingFor.taskId") is { } other
                    ? $"{other} (overlapping {Json.Text(e, "waitingFor.paths")})" : "-"),
                new("DESCRIPTION", "description"), new("SUMMARY", "summary"),
                new("UPDATED", e => Json.Time(e, "updatedAt")),
            ]));
    }

    private static Command Add()
    {
        var name = new Argument<string>("name") { Description = "What the task is to do, in a few words." };
        var description = new Option<string?>("--description")
        {
            HelpName = "text",
            Description = "The task's instructions for the agent that runs it.",
        };
        var phase = new Option<string?>("--phase")
        {
            HelpName = "phase-id",
            Description = "The phase the task belongs to.",
        };
        var initiative = new Option<string?>("--initiative")
        {
            HelpName = "initiative-id",
            Description = "The initiative the task belongs to (implied by --phase).",
        };
        var parent = new Option<string?>("--parent")
        {
            HelpName = "task-id",
            Description = "The task this one is a subtask of. For an agent, by default its own task.",
        };
        var dependsOn = new Option<string[]>("--depends-on")
        {
            HelpName = "task-id",
            Description = "Tasks (same initiative) that must complete before this one starts.",
            AllowMultipleArgumentsPerToken = true,
        };
        var category = new Option<string?>("--category")
        {
            HelpName = "category",
            Description = "execute (default), verify, merge or review run in execution; research, discuss, plan, " +
                "detail and refine are planning.",
        }.AcceptOnlyFromAmong(Categories);
        var priority = new Option<string?>("--priority")
        {
            HelpName = "priority",
            Description = "low, medium (default) or high.",
        }
            .AcceptOnlyFromAmong("low", "medium", "high");
        var files = FilesOption();
        var allowOverlap = new Option<bool>("--allow-overlap")
        {
            Description = "The task may run beside tasks whose files overlap its own.",
        };
        var command = new Command("add",
            "Add a pending task. A person names its --phase, --initiative or --parent; an agent (CW_AGENT_ID set) " +
            "may name none: the task goes under the agent's own task.")
        {
            name, description, phase, initiative, parent, dependsOn, category, priority, files, allowOverlap,
        };
        command.Aliases.Add("create");
        return command.Does(async (context, parse, ct) =>
        {
            if (context.AgentId is null && parse.GetValue(phase) is null && parse.GetValue(initiative) is null
                && parse.GetValue(parent) is null)
                throw CliException.Usage("Say where the task goes: --phase <id>, --initiative <id> or --parent <id>.");
            var task = await context.Api.PostAsync("api/tasks", RequestBody.Of(
                ("name", parse.GetRequiredValue(name)),
                ("description", parse.GetValue(description)),
                ("phaseId", parse.GetValue(phase)),
                ("initiativeId", parse.GetValue(initiative)),
                ("parentTaskId", parse.GetValue(parent)),
                ("dependsOn", parse.GetValue(dependsOn)),
                ("category", parse.GetValue(category)),
                ("priority", parse.GetValue(priority)),
                ("files", Paths(parse.GetValue(files))),
                ("allowOverlap", parse.GetValue(allowOverlap) ? true : null)), ct);
            context.Output.Done(task, $"Task {Json.Text(task, "name")} added: {Json.Text(task, "id")}");
        });
    }

    private static Command Update()
    {
        var id = Arguments.Id("task");
        var name = new Option<string?>("--name") { HelpName = "text", Description = "A new name." };
        var description = new Option<string?>("--description")
        {
            HelpName = "text",
            Description = "New instructions for the agent that runs it.",
        };
        var files = FilesOption();
        var allowOverlap = new Option<bool?>("--allow-overlap")
        {
            HelpName = "true|false",
            Description = "Whether the task may run beside tasks whose files overlap its own.",
        };
        var command = new Command("update", "Change a task's name, description, declared files or overlap allowance.")
        {
            id, name, description, files, allowOverlap,
        };
        command.Validators.Add(result =>
        {
            if (result.GetResult(name) is null && result.GetResult(description) is null
                && result.GetResult(files) is null && result.GetResult(allowOverlap) is null)
                result.AddError("Say what to change: --name, --description, --files or --allow-overlap.");
        });
        return command.Does(async (context, parse, ct) =>
        {
            var body = RequestBody.Of(("name", parse.GetValue(name)), ("description", parse.GetValue(description)),
                ("allowOverlap", parse.GetValue(allowOverlap)));
            // An empty --files "" clears the list, so it is sent even when empty.
            if (parse.GetResult(files) is not null) body["files"] = Paths(parse.GetValue(files));
            var task = await context.Api.PatchAsync(PathOf(parse, id), body, ct);
            context.Output.Done(task, $"Task {Json.Text(task, "name")} saved (files: {Json.Text(task, "files")}).");
        });
    }

    private static Option<string?> FilesOption() => new("--files")
    {
        HelpName = "a,b/",
        Description = "Comma-separated files or directories (ending with '/') the task will change, relative to " +
            "the repository root: tasks of a phase whose files overlap run one after the other.",
    };

    private static string[]? Paths(string? list) => list?.Split(',', StringSplitOptions.RemoveEmptyEntries
        | StringSplitOptions.TrimEntries);

    private static Command Status()
    {
        var id = Arguments.Id("task");
        var status = new Argument<string>("status")
        {
            HelpName = "status",
            Description = "in_progress (or start): pending -> in_progress; quality_review: in_progress -> " +
                "quality_review; completed (or complete): in_progress or quality_review -> completed, with " +
                "--summary; blocked (or block): any but completed -> blocked, with --reason; pending (or retry): " +
                "blocked -> pending. Any other move is refused (exit 4).",
        }.AcceptOnlyFromAmong([.. Transitions.Keys]);
        var summary = new Option<string?>("--summary")
        {
            HelpName = "text",
            Description = "With completed: what was done.",
        };
        var reason = new Option<string?>("--reason")
        {
            HelpName = "text",
            Description = "With blocked: why the task cannot go on.",
        };
        var command = new Command("status", "Move a task to another status.") { id, status, summary, reason };
        command.Validators.Add(result =>
        {
            var transition = Transitions.GetValueOrDefault(result.GetValue(status) ?? "");
            if (result.GetResult(summary) is not null && transition != "complete")
                result.AddError("--summary goes with the status completed.");
            if (result.GetResult(reason) is not null && transition != "block")
                result.AddError("--reason goes with the status blocked.");
        });
        return command.Does(async (context, parse, ct) =>
        {
            var transition = Transitions[parse.GetRequiredValue(status)];
            var task = await context.Api.PostAsync($"{PathOf(parse, id)}/{transition}",
                RequestBody.Of(("summary", parse.GetValue(summary)), ("reason", parse.GetValue(reason))), ct);
            context.Output.Done(task, $"Task {Json.Text(task, "name")} is {Json.Text(task, "status")}.");
        });
    }

    private static Command Retry()
    {
        var id = Arguments.Id("task");
        return new Command("retry", "Run a blocked task again: back to pending with its retry count reset.") { id }
            .Does(async (context, parse, ct) =>
            {
                var task = await context.Api.PostAsync($"{PathOf(parse, id)}/retry", null, ct);
                context.Output.Done(task, $"Task {Json.Text(task, "name")} is pending again (execution runs it when its phase and dependencies allow).");
            });
    }

    private static string PathOf(ParseResult parse, Argument<string> id) =>
        $"api/tasks/{Uri.EscapeDataString(parse.GetRequiredValue(id))}";
}

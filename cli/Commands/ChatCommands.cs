using System.CommandLine;
using System.Text.Json;
using Codewalkers.Cli.Chat;
using Codewalkers.Cli.Core;
using Codewalkers.Cli.Streaming;
using Spectre.Console;

namespace Codewalkers.Cli.Commands;

/// <summary>
/// `cw chat`: refine a phase or a task in conversation with an agent (Collaboration, /api/chat-sessions). Each message
/// is a turn: the agent replies and its edits to the plan are applied at once as one change set, which
/// `cw chat revert` undoes.
/// </summary>
public sealed class ChatCommands : ICommandGroup
{
    // A session's status as the API names it.
    private static readonly string[] Statuses = ["active", "closed"];

    public Command Build() => new("chat",
        "Refine a phase or a task in conversation with an agent: it answers each message and edits the plan, every " +
        "turn's edits one change set you can revert.")
    {
        Send("phase"), Send("task"), List(), Show(), Close(), Reopen(), Revert(),
    };

    private static Command Send(string targetType)
    {
        var id = Arguments.Id(targetType);
        var message = new Argument<string>("message")
        {
            Description = $"What to tell the agent about the {targetType} (at most 20000 characters; '-' reads it " +
                "from standard input). Also the answer to its questions.",
        };
        var noWait = new Option<bool>("--no-wait")
        {
            Description = "Only send the message; do not wait for the reply (read it later: cw chat show <session>).",
        };
        var interval = Arguments.Interval("Seconds between two looks at the session while waiting for the reply.");
        return new Command(targetType,
            $"Send the chat agent of a {targetType} a message: opens the {targetType}'s chat session (or goes on " +
            "with the active one), then waits for the reply and prints it with the changes it made to the plan and " +
            "how to revert them. Exit 1 when the turn failed (the problems on stderr; the plan is unchanged) or the " +
            "agent asks questions. --json: the session as it ended (GET /api/chat-sessions/{id}); with --no-wait " +
            "the answer to the message (POST /api/chat-sessions/{id}/messages).")
        {
            id, message, noWait, interval,
        }.Does(async (context, parse, ct) =>
        {
            var text = Conversations.Text(context, parse.GetRequiredValue(message), "message");
            var targetId = parse.GetRequiredValue(id);
            var session = await context.Api.PostAsync("api/chat-sessions",
                new { targetType, targetId }, ct);
            var posted = await context.Api.PostAsync($"{PathOf(Json.Text(session, "id"))}/messages",
                new { content = text }, ct);
            var sent = Sent(posted);
            if (parse.GetValue(noWait))
            {
                context.Output.Done(posted, $"{sent} The reply: cw chat show {Json.Text(posted, "id")}");
                return ExitCodes.Success;
            }
            if (!context.Output.IsJson) context.Output.Console.WriteLine($"{sent} Waiting for the reply.");
            return await new ChatTurnWait(context, TimeSpan.FromSeconds(parse.GetValue(interval)),
                ReconnectPolicy.ForStream()).RunAsync(posted, ct);
        });
    }

    /// <summary>"Sent m3 to chat session s1 on phase p1 (2 earlier messages)."</summary>
    private static string Sent(JsonElement posted)
    {
        var messages = Json.Items(posted, "messages").ToList();
        var mine = messages.LastOrDefault(m => Json.String(m, "role") == "user");
        var earlier = Math.Max(0, messages.Count - 1);
        return $"Sent {(mine.ValueKind == JsonValueKind.Object ? Json.Text(mine, "id") : "the message")} to chat " +
            $"session {Json.Text(posted, "id")} on {ChatView.Target(posted)} " +
            (earlier == 0 ? "(a new conversation)." : $"({earlier} earlier messages).");
    }

    private static Command List()
    {
        var phase = new Option<string?>("--phase")
        {
            HelpName = "phase-id", Description = "Only the sessions of this phase.",
        };
        var task = new Option<string?>("--task")
        {
            HelpName = "task-id", Description = "Only the sessions of this task.",
        };
        var status = new Option<string?>("--status")
        {
            HelpName = "status", Description = $"Only sessions in this status: {string.Join(", ", Statuses)}.",
        }.AcceptOnlyFromAmong(Statuses);
        var command = new Command("list",
            "List chat sessions (without their messages: cw chat show). --json: GET /api/chat-sessions.")
        {
            phase, task, status,
        };
        command.Validators.Add(result =>
        {
            if (result.GetResult(phase) is not null && result.GetResult(task) is not null)
                result.AddError("Give --phase <id> or --task <id>, not both.");
        });
        return command.Does(async (context, parse, ct) =>
        {
            var (targetType, targetId) = parse.GetValue(phase) is { } p ? ("phase", p)
                : parse.GetValue(task) is { } t ? ("task", t) : ((string?)null, (string?)null);
            var sessions = await context.Api.GetAsync(QueryString.Path("api/chat-sessions",
                ("targetType", targetType), ("targetId", targetId), ("status", parse.GetValue(status))), ct);
            context.Output.Table(sessions, "No chat sessions. Start one: cw chat phase <id> \"<message>\"",
                ChatView.ListColumns);
        });
    }

    private static Command Show()
    {
        var id = Arguments.Id("chat session");
        return new Command("show",
            "Show a chat session: its target, status, agent, then every message oldest first with the changes each " +
            "reply made (and whether they were reverted). --json: GET /api/chat-sessions/{id}.")
        {
            id,
        }.Does(async (context, parse, ct) =>
        {
            var session = await context.Api.GetAsync(PathOf(parse.GetRequiredValue(id)), ct);
            context.Output.Result(session, () => ChatView.Print(context.Output.Console, session));
        });
    }

    private static Command Close()
    {
        var id = Arguments.Id("chat session");
        return new Command("close",
            "Close a chat session: it takes no more messages until reopened. --json: the API's session.")
        {
            id,
        }.Does(async (context, parse, ct) =>
        {
            var session = await context.Api.PostAsync($"{PathOf(parse.GetRequiredValue(id))}/close", null, ct);
            context.Output.Done(session, $"Chat session {Json.Text(session, "id")} on {ChatView.Target(session)} " +
                $"closed. Reopen it: cw chat reopen {Json.Text(session, "id")}");
        });
    }

    private static Command Reopen()
    {
        var id = Arguments.Id("chat session");
        return new Command("reopen",
            "Reopen a closed chat session (not while another session of its target is active): the next message " +
            "starts a new agent that gets the whole history. --json: the API's session.")
        {
            id,
        }.Does(async (context, parse, ct) =>
        {
            var session = await context.Api.PostAsync($"{PathOf(parse.GetRequiredValue(id))}/reopen", null, ct);
            context.Output.Done(session, $"Chat session {Json.Text(session, "id")} on {ChatView.Target(session)} " +
                $"reopened. Go on: {ChatView.SendCommand(session)}");
        });
    }

    private static Command Revert()
    {
        var session = new Argument<string>("session-id") { Description = "The chat session's id." };
        var message = new Argument<string>("message-id")
        {
            Description = "The id of the agent's reply whose change set to revert (cw chat show lists them).",
        };
        return new Command("revert",
            "Revert the change set of one of the agent's replies: the plan is as it was before that turn, deleted " +
            "entities and their dependencies included. Refused (exit 4, with the reason) when the reply changed " +
            "nothing, is already reverted, or a later change would be overwritten. --json: the API's answer.")
        {
            session, message,
        }.Does(async (context, parse, ct) =>
        {
            var answer = await context.Api.PostAsync($"{PathOf(parse.GetRequiredValue(session))}/messages/" +
                $"{Uri.EscapeDataString(parse.GetRequiredValue(message))}/revert", null, ct);
            context.Output.Result(answer, () => PrintReverted(context, answer));
        });
    }

    /// <summary>What the revert undid: one line per change of the reverted reply.</summary>
    private static void PrintReverted(CliContext context, JsonElement answer)
    {
        // The reverted message itself, or an answer that holds it next to the system message.
        var reverted = Json.Find(answer, "message") is { ValueKind: JsonValueKind.Object } inner ? inner : answer;
        var console = context.Output.Console;
        var changes = Json.Items(reverted, "changes").ToList();
        console.WriteLine($"Reverted change set {Json.Text(reverted, "changeSetId")} of message " +
            $"{Json.Text(reverted, "id")}: the plan is as it was before that turn. Undone:");
        foreach (var change in changes) console.WriteLine($"  {ChatView.Change(change)}");
        if (changes.Count == 0) console.WriteLine("  (the API listed no changes)");
    }

    private static string PathOf(string id) => $"api/chat-sessions/{Uri.EscapeDataString(id)}";
}

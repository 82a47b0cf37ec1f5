using System.Text.Json;
using Codewalkers.Cli.Core;
using Spectre.Console;

namespace Codewalkers.Cli.Chat;

/// <summary>
/// A chat session as a person reads it (the API's JSON: GET /api/chat-sessions/{id}): its fields, its messages oldest
/// first with the changes each reply made, a turn's reply with its change set, and the command that goes on from there.
/// </summary>
public static class ChatView
{
    public static readonly Column[] ListColumns =
    [
        new("ID", "id"), new("TARGET", Target), new("STATUS", "status"), new("TURN", "turnState"),
        new("AGENT", e => Json.Text(e, "agentName")), new("UPDATED", e => Json.Time(e, "updatedAt")),
    ];

    /// <summary>"phase p1", "task t1".</summary>
    public static string Target(JsonElement session) =>
        $"{Json.Text(session, "targetType")} {Json.Text(session, "targetId")}";

    /// <summary>The command that sends this session's target a message (the answer to questions, too).</summary>
    public static string SendCommand(JsonElement session, string text = "<message>") =>
        $"cw chat {Json.Text(session, "targetType")} {Json.Text(session, "targetId")} \"{text}\"";

    public static string RevertCommand(JsonElement session, JsonElement message) =>
        $"cw chat revert {Json.Text(session, "id")} {Json.Text(message, "id")}";

    public static bool HasChangeSet(JsonElement message) => Json.String(message, "changeSetId") is not null;

    public static bool IsReverted(JsonElement message) =>
        Json.Find(message, "reverted")?.ValueKind == JsonValueKind.True;

    /// <summary>The fields, the messages and what to do next.</summary>
    public static void Print(IAnsiConsole console, JsonElement session)
    {
        var grid = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        foreach (var (name, value) in new[]
                 {
                     ("ID", Json.Text(session, "id")), ("TARGET", Target(session)),
                     ("INITIATIVE", Json.Text(session, "initiativeId")), ("STATUS", Json.Text(session, "status")),
                     ("TURN", Json.Text(session, "turnState")),
                     ("AGENT", Json.String(session, "agentId") is { } id
                         ? $"{Json.Text(session, "agentName")}, id {id}"
                         : "- (the next message starts one)"),
                     ("CREATED", Json.Time(session, "createdAt")), ("UPDATED", Json.Time(session, "updatedAt")),
                 })
            grid.AddRow(new Text(name + ":"), new Text(value));
        console.Write(grid);
        var messages = Json.Items(session, "messages").ToList();
        if (messages.Count > 0)
        {
            console.WriteLine();
            console.WriteLine("Messages:");
            foreach (var message in messages) PrintLine(console, message);
        }
        console.WriteLine();
        console.WriteLine($"Next: {Next(session)}");
    }

    /// <summary>One message of the history: time, role, id and text; a reply's changes indented under it.</summary>
    private static void PrintLine(IAnsiConsole console, JsonElement message)
    {
        var lines = Lines(Json.String(message, "content"));
        console.WriteLine($"  {Json.Time(message, "createdAt")}  {Json.Text(message, "role"),-9}  " +
            $"{Json.Text(message, "id")}: {lines[0]}");
        foreach (var line in lines.Skip(1)) console.WriteLine($"      {line}".TrimEnd());
        if (!HasChangeSet(message)) return;
        foreach (var change in Json.Items(message, "changes")) console.WriteLine($"      {Change(change)}");
        console.WriteLine($"      change set {Json.Text(message, "changeSetId")}" +
            (IsReverted(message) ? " (reverted)" : ""));
    }

    /// <summary>"create task 'Write the tests' (t9)".</summary>
    public static string Change(JsonElement change) =>
        $"{Json.Text(change, "action")} {Json.Text(change, "entityType")} '{Json.Text(change, "title")}' " +
        $"({Json.Text(change, "entityId")})";

    /// <summary>
    /// A turn's reply: the agent's text, then the change set (a table: action, type, title, id) and how to revert
    /// it, or that the plan is unchanged.
    /// </summary>
    public static void PrintReply(IAnsiConsole console, JsonElement session, JsonElement reply)
    {
        console.WriteLine($"{Speaker(session)}:");
        foreach (var line in Lines(Json.String(reply, "content"))) console.WriteLine($"  {line}".TrimEnd());
        console.WriteLine();
        if (!HasChangeSet(reply))
        {
            console.WriteLine("No changes to the plan.");
            return;
        }
        var changes = Json.Items(reply, "changes").ToList();
        console.WriteLine($"Change set {Json.Text(reply, "changeSetId")}: {changes.Count} change(s)");
        PrintChanges(console, changes);
        console.WriteLine($"Revert it: {RevertCommand(session, reply)}");
    }

    /// <summary>The agent's questions (the message says "The agent asks: ...") and how to answer them.</summary>
    public static void PrintQuestions(IAnsiConsole console, JsonElement session, JsonElement questions)
    {
        console.WriteLine($"{Speaker(session)}:");
        foreach (var line in Lines(Json.String(questions, "content"))) console.WriteLine($"  {line}".TrimEnd());
        console.WriteLine();
        console.WriteLine($"Answer in the same session: {SendCommand(session, "<answer>")}");
    }

    public static void PrintChanges(IAnsiConsole console, IReadOnlyList<JsonElement> changes)
    {
        if (changes.Count == 0) return;
        var table = new Table().Border(TableBorder.Simple);
        foreach (var header in new[] { "ACTION", "TYPE", "TITLE", "ID" }) table.AddColumn(new TableColumn(header));
        foreach (var change in changes)
            table.AddRow(new Text(Json.Text(change, "action")), new Text(Json.Text(change, "entityType")),
                new Text(Json.Text(change, "title")), new Text(Json.Text(change, "entityId")));
        console.Write(table);
    }

    /// <summary>The command that moves the session on from where it is.</summary>
    public static string Next(JsonElement session)
    {
        var id = Json.Text(session, "id");
        if (Json.String(session, "status") == "closed") return $"cw chat reopen {id} (a new agent gets the history)";
        return Json.String(session, "turnState") switch
        {
            "working" => $"the agent is answering: cw chat show {id}",
            "waiting_for_answers" => $"the agent waits for your answers: {SendCommand(session, "<answer>")}",
            _ => $"{SendCommand(session)}, or cw chat close {id}",
        };
    }

    private static string Speaker(JsonElement session) => Json.String(session, "agentName") ?? "The agent";

    private static string[] Lines(string? text) => (text ?? "").Replace("\r\n", "\n").TrimEnd().Split('\n');
}

using System.Globalization;
using System.Text.Json;
using Codewalkers.Cli.Core;
using Codewalkers.Cli.Streaming;
using Spectre.Console;

namespace Codewalkers.Cli.Chat;

/// <summary>
/// `cw chat phase|task` after its message went out: looks at GET /api/chat-sessions/{id} every <c>--interval</c>
/// seconds until the turn has its reply, the first assistant or system message after the user message it posted, then
/// prints it. Exit 0 for the agent's reply (with or without a change set); 1 when the turn failed (a system message:
/// the problems on stderr), the agent asks questions first, or the session was closed meanwhile. A gateway or service
/// that drops out meanwhile is asked again with <see cref="ReconnectPolicy.ForStream"/>'s pauses, then exit 5;
/// Ctrl+C exits 130 and the turn goes on.
/// </summary>
public sealed class ChatTurnWait(CliContext context, TimeSpan interval, ReconnectPolicy reconnect)
{
    /// <summary>Waits for the reply to the last user message of <paramref name="posted"/> (the post's 202).</summary>
    public async Task<int> RunAsync(JsonElement posted, CancellationToken ct)
    {
        var sessionId = Json.Text(posted, "id");
        var sent = Json.Items(posted, "messages").ToList();
        var turn = sent.LastOrDefault(m => Json.String(m, "role") == "user");
        var turnId = turn.ValueKind == JsonValueKind.Object ? Json.String(turn, "id") : null;
        string? shown = null;
        try
        {
            while (true)
            {
                var session = await LookAsync(sessionId, ct);
                if (ReplyTo(session, turnId, sent.Count) is { } reply) return Finish(session, reply);
                if (Json.String(session, "status") == "closed") return Closed(session);
                var state = $"{Json.Text(session, "turnState")}, agent {Json.Text(session, "agentName")}";
                if (!context.Output.IsJson && state != shown) context.Output.Console.WriteLine($"{Clock()}  {state}");
                shown = state;
                await Task.Delay(interval, ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            await context.Host.Error.WriteLineAsync(
                $"cw: stopped waiting; the turn goes on. Its reply: cw chat show {sessionId}");
            throw;
        }
    }

    /// <summary>
    /// The first assistant or system message after the turn's user message (found by id; should the session not list
    /// it, after the messages the post answered with).
    /// </summary>
    internal static JsonElement? ReplyTo(JsonElement session, string? turnId, int sentCount)
    {
        var messages = Json.Items(session, "messages").ToList();
        var turn = messages.FindIndex(m => turnId is not null && Json.String(m, "id") == turnId);
        var after = turn >= 0 ? turn + 1 : sentCount;
        return messages.Skip(after).Where(m => Json.String(m, "role") is "assistant" or "system")
            .Select(m => (JsonElement?)m).FirstOrDefault();
    }

    private int Finish(JsonElement session, JsonElement reply)
    {
        var console = context.Output.Console;
        if (context.Output.IsJson) context.Output.WriteJson(session);
        if (Json.String(reply, "role") == "system")
        {
            // A failed turn or a crashed agent: the system message says why, one problem a line.
            var lines = (Json.String(reply, "content") ?? "The turn failed.").Replace("\r\n", "\n").TrimEnd()
                .Split('\n');
            context.Host.Error.WriteLine($"cw: {lines[0]}");
            foreach (var line in lines.Skip(1)) context.Host.Error.WriteLine($"    {line}".TrimEnd());
            context.Host.Error.WriteLine($"    The plan is unchanged. Try again: {ChatView.SendCommand(session)}");
            return ExitCodes.Failure;
        }
        if (Json.String(session, "turnState") == "waiting_for_answers")
        {
            if (!context.Output.IsJson)
            {
                console.WriteLine();
                ChatView.PrintQuestions(console, session, reply);
            }
            context.Host.Error.WriteLine("cw: The agent asks before it changes anything; answer with " +
                ChatView.SendCommand(session, "<answer>"));
            return ExitCodes.Failure;
        }
        if (!context.Output.IsJson)
        {
            console.WriteLine();
            ChatView.PrintReply(console, session, reply);
        }
        return ExitCodes.Success;
    }

    private int Closed(JsonElement session)
    {
        if (context.Output.IsJson) context.Output.WriteJson(session);
        context.Host.Error.WriteLine($"cw: Chat session {Json.Text(session, "id")} was closed before the agent " +
            $"replied: cw chat reopen {Json.Text(session, "id")}");
        return ExitCodes.Failure;
    }

    private Task<JsonElement> LookAsync(string id, CancellationToken ct) =>
        new PatientLook(context, reconnect).GetAsync($"api/chat-sessions/{Uri.EscapeDataString(id)}", $"the turn goes on: cw chat show {id}", ct);

    private static string Clock() =>
        DateTimeOffset.Now.ToLocalTime().ToString("HH:mm:ss", CultureInfo.InvariantCulture);
}

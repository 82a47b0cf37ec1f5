using System.Text.Json;
using Codewalkers.Cli.Core;
using Spectre.Console;

namespace Codewalkers.Cli.Questions;

/// <summary>An inbox item and its thread, for people: what it is about, then each message in turn.</summary>
public static class InboxThread
{
    public static void Print(IAnsiConsole console, JsonElement answer)
    {
        var thread = Json.Items(answer, "thread").ToList();
        if (thread.Count == 0) return;
        var item = thread[0];
        console.MarkupLine($"[bold]{Markup.Escape(Json.Text(item, "kind"))}[/] {Markup.Escape(Json.Text(item, "id"))}"
            + $"  [grey]{Markup.Escape(Json.Text(item, "status"))}[/]");
        console.WriteLine($"Working on: {InboxQuestions.Where(item)}");
        if (Json.String(item, "agentName") is { } agent) console.WriteLine($"Agent: {agent}");
        foreach (var message in thread)
        {
            console.WriteLine();
            var from = Json.String(message, "senderType") == "agent"
                ? Json.String(message, "agentName") ?? "agent"
                : Json.Text(message, "senderType");
            console.MarkupLine($"[grey]{Markup.Escape(Json.Time(message, "createdAt"))}[/] "
                + $"[bold]{Markup.Escape(from)}[/] ({Markup.Escape(Json.Text(message, "status"))})");
            foreach (var question in PendingQuestion.FromJson(Json.Find(message, "questions")))
            {
                var options = question.Options.Count > 0 ? $" [{string.Join(" | ", question.Options)}]" : "";
                console.WriteLine($"  {question.Id}: {question.Text}{options}");
            }
            if (Json.Find(message, "questions") is not { ValueKind: JsonValueKind.Array })
                console.WriteLine($"  {Json.Text(message, "content").Replace("\n", "\n  ")}");
            if (Json.String(message, "statusReason") is { } reason) console.WriteLine($"  ({reason})");
        }
    }
}

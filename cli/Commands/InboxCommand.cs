using System.CommandLine;
using System.Text.Json;
using Codewalkers.Cli.Core;
using Codewalkers.Cli.Questions;
using Spectre.Console;

namespace Codewalkers.Cli.Commands;

/// <summary>
/// `cw inbox`: the user's inbox (GET /api/messages): agents' questions, tasks finished or blocked, agents crashed,
/// phases waiting for review, each with its initiative / phase / task. Lists them, asks the questions one by one on
/// a terminal, answers by flags (`--answer`, `reply`), shows a thread (`show`) and marks a notice read (`read`).
/// </summary>
public sealed class InboxCommand : ICommandGroup
{
    private static readonly InboxQuestions Questions = new();

    public Command Build()
    {
        var owner = new Option<string?>("--answer")
        {
            Description = "Answer the questions of this inbox item (message id, or the asking agent's id or name), "
                + "with the answers that follow.",
            HelpName = "message|agent",
        };
        var answers = new Argument<string[]>("q-id=text")
        {
            Description = AnswerFlags.Help + " Only with --answer.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var list = new Option<bool>("--list") { Description = "Only list the items, even on a terminal." };
        var all = new Option<bool>("--all")
        {
            Description = "List every item (also read, answered and closed ones), newest first; implies --list.",
        };
        return new Command("inbox", "Your inbox: agents' questions, tasks finished or blocked, agents crashed, phases "
            + "waiting for review. On a terminal, asks the questions one by one (a choice when the question offers "
            + "options; empty skips); else, or with --list, lists what is pending. By flags: cw inbox --answer "
            + "<message|agent> q1=text... --json: {messages: <GET /api/messages?pendingForUser=true>}.")
        {
            owner, answers, list, all, Show(), Reply(), Read(),
        }.Does(async (context, parse, ct) =>
        {
            var showAll = parse.GetValue(all);
            var items = await context.Api.GetAsync(showAll ? "api/messages?limit=200" : InboxQuestions.PendingPath, ct);
            var waiting = Questions.Owners(items);
            var given = parse.GetValue(answers) ?? [];
            if (parse.GetValue(owner) is { } named)
            {
                var found = waiting.FirstOrDefault(o => o.IsNamed(named)) ?? throw new CliException(
                    ExitCodes.NotFound, $"'{named}' is not waiting for answers (see cw inbox --list).");
                await AnswerAsync(context, found, given, ct);
            }
            else if (given.Length > 0)
                throw CliException.Usage(
                    "Say whose questions these answer: cw inbox --answer <message|agent> q1=text.");
            else if (context.Host.Interactive && !context.Output.IsJson && !parse.GetValue(list) && !showAll)
                await WalkAsync(context, items, waiting, ct);
            else if (context.Output.IsJson)
                context.Output.WriteJson(new Dictionary<string, JsonElement> { ["messages"] = items });
            else
                context.Output.Table(Rows(items), "Nothing is waiting for you.",
                    new("MESSAGE", "id"), new("KIND", "kind"), new("STATUS", "status"), new("AGENT", "agent"),
                    new("WORKING ON", "context"), new("Q", "question"), new("TEXT", "text"),
                    new("OPTIONS", "options"));
        });
    }

    private static Command Show()
    {
        var id = new Argument<string>("message-id") { Description = "The item's (or a reply's) id." };
        return new Command("show", "One inbox item and its thread (the item, then its replies, oldest first). "
            + "--json: GET /api/messages/{id}.") { id }
            .Does(async (context, parse, ct) =>
            {
                var answer = await context.Api.GetAsync(InboxQuestions.PathOf(parse.GetRequiredValue(id)), ct);
                context.Output.Result(answer, () => InboxThread.Print(context.Output.Console, answer));
            });
    }

    private static Command Reply()
    {
        var id = new Argument<string>("message-id") { Description = "The questions item to answer." };
        var answers = new Argument<string[]>("q-id=text")
        {
            Description = AnswerFlags.Help, Arity = ArgumentArity.OneOrMore,
        };
        return new Command("reply", "Answer an inbox item's questions (any item, also one not listed as pending); "
            + "the agent resumes its session with the answers. --json: the item and the reply.") { id, answers }
            .Does(async (context, parse, ct) =>
            {
                var messageId = parse.GetRequiredValue(id);
                var thread = await context.Api.GetAsync(InboxQuestions.PathOf(messageId), ct);
                var item = Json.Find(thread, "message") ?? thread;
                var questions = PendingQuestion.FromJson(Json.Find(item, "questions"));
                var parsed = AnswerFlags.Parse(parse.GetValue(answers) ?? [], questions);
                var reply = await InboxQuestions.Reply(context, messageId, parsed, ct);
                context.Output.Done(reply, $"Answered {parsed.Count} question(s) of "
                    + $"{Json.String(item, "agentName") ?? messageId}; it resumes.");
            });
    }

    private static Command Read()
    {
        var id = new Argument<string>("message-id") { Description = "The item to mark read." };
        return new Command("read", "Mark an inbox item read: a notice leaves the pending list. --json: the item.")
        {
            id,
        }.Does(async (context, parse, ct) =>
        {
            var messageId = parse.GetRequiredValue(id);
            var read = await context.Api.PostAsync($"{InboxQuestions.PathOf(messageId)}/read", null, ct);
            context.Output.Done(read, $"Marked {messageId} read.");
        });
    }

    private static async Task AnswerAsync(
        CliContext context, QuestionOwner owner, string[] given, CancellationToken ct)
    {
        Dictionary<string, string>? answers;
        if (given.Length > 0) answers = AnswerFlags.Parse(given, owner.Questions);
        else if (context.Host.Interactive && !context.Output.IsJson)
            answers = QuestionPrompts.Ask(context.Output.Console, owner);
        else
            throw CliException.Usage($"No answers for {owner.Name}: cw inbox --answer {owner.Id} "
                + string.Join(" ", owner.Questions.Select(q => $"{q.Id}=...")));
        if (answers is null)
        {
            context.Output.Console.WriteLine($"Skipped; {owner.Name} still waits.");
            return;
        }
        var answer = await owner.Source.AnswerAsync(context, owner, answers, ct);
        context.Output.Done(answer, $"Answered {answers.Count} question(s) of {owner.Name}; it resumes.");
    }

    /// <summary>
    /// Says how many notices wait, then asks each item's questions in turn; an answer that fails is said and the
    /// walk goes on.
    /// </summary>
    private static async Task WalkAsync(
        CliContext context, JsonElement items, IReadOnlyList<QuestionOwner> waiting, CancellationToken ct)
    {
        var notices = Json.Items(items).Count(i => !InboxQuestions.IsOpenQuestion(i));
        if (waiting.Count == 0 && notices == 0)
        {
            context.Output.Console.WriteLine("Nothing is waiting for you.");
            return;
        }
        if (notices > 0) context.Output.Console.WriteLine($"{notices} notice(s): cw inbox --list shows them.");
        if (waiting.Count > 0) context.Output.Console.WriteLine($"{waiting.Count} waiting for your answers.");
        foreach (var owner in waiting)
        {
            context.Output.Console.WriteLine();
            try
            {
                await AnswerAsync(context, owner, [], ct);
            }
            catch (CliException e) when (e.ExitCode is ExitCodes.Conflict or ExitCodes.NotFound or ExitCodes.Usage)
            {
                // Answered elsewhere meanwhile, or stopped: the others still wait.
                context.Host.Error.WriteLine($"cw: {e.Message}");
            }
        }
    }

    /// <summary>One row per question of a questions item; one row for any other item (its text).</summary>
    private static JsonElement Rows(JsonElement items) => JsonSerializer.SerializeToElement(
        Json.Items(items).SelectMany(item =>
        {
            var questions = PendingQuestion.FromJson(Json.Find(item, "questions"));
            var lines = questions.Count > 0
                ? questions
                : [new PendingQuestion("-", Json.String(item, "content") ?? "-", [])];
            return lines.Select(q => new
            {
                id = Json.Text(item, "id"), kind = Json.Text(item, "kind"), status = Json.Text(item, "status"),
                agent = Json.String(item, "agentName") ?? "-", context = InboxQuestions.Where(item), question = q.Id,
                text = q.Text, options = string.Join(" | ", q.Options),
            });
        }), GatewayClient.Json);
}

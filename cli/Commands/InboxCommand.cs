using System.CommandLine;
using System.Text.Json;
using Codewalkers.Cli.Core;
using Codewalkers.Cli.Questions;
using Spectre.Console;

namespace Codewalkers.Cli.Commands;

/// <summary>
/// `cw inbox`: the questions waiting for the user, from every <see cref="QuestionSources"/> source (today agents
/// waiting for input), listed, answered by flags, or asked one by one on a terminal.
/// </summary>
public sealed class InboxCommand : ICommandGroup
{
    public Command Build()
    {
        var owner = new Option<string?>("--answer")
        {
            Description = "Answer the questions of this agent (id or name), with the answers that follow.",
            HelpName = "agent",
        };
        var answers = new Argument<string[]>("q-id=text")
        {
            Description = AnswerFlags.Help + " Only with --answer.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var list = new Option<bool>("--list") { Description = "Only list the questions, even on a terminal." };
        return new Command("inbox", "Questions waiting for your answer. On a terminal, asks them one by one (a "
            + "choice when the question offers options; empty skips); else, or with --list, lists them. By flags: "
            + "cw inbox --answer <agent> q1=text... --json: {agents: <GET /api/agents/waiting>}.")
        {
            owner, answers, list,
        }.Does(async (context, parse, ct) =>
        {
            var loaded = new List<(IQuestionSource Source, JsonElement Answer, IReadOnlyList<QuestionOwner> Owners)>();
            foreach (var source in QuestionSources.All)
            {
                var (answer, owners) = await source.LoadAsync(context, ct);
                loaded.Add((source, answer, owners));
            }
            var waiting = loaded.SelectMany(l => l.Owners).ToList();
            var given = parse.GetValue(answers) ?? [];
            if (parse.GetValue(owner) is { } named)
            {
                var found = waiting.FirstOrDefault(o => o.IsNamed(named)) ?? throw new CliException(
                    ExitCodes.NotFound, $"'{named}' is not waiting for answers (see cw inbox --list).");
                await AnswerAsync(context, found, given, ct);
            }
            else if (given.Length > 0)
                throw CliException.Usage("Say whose questions these answer: cw inbox --answer <agent> q1=text.");
            else if (context.Host.Interactive && !context.Output.IsJson && !parse.GetValue(list))
                await WalkAsync(context, waiting, ct);
            else if (context.Output.IsJson)
                context.Output.WriteJson(loaded.ToDictionary(l => l.Source.Name, l => l.Answer));
            else
                context.Output.Table(Rows(waiting), "Nothing is waiting for you.",
                    new("AGENT", "name"), new("ID", "id"), new("WORKING ON", "context"), new("Q", "question"),
                    new("QUESTION", "text"), new("OPTIONS", "options"));
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

    /// <summary>Asks each owner's questions in turn; an answer that fails is said and the walk goes on.</summary>
    private static async Task WalkAsync(CliContext context, List<QuestionOwner> waiting, CancellationToken ct)
    {
        if (waiting.Count == 0)
        {
            context.Output.Console.WriteLine("Nothing is waiting for you.");
            return;
        }
        context.Output.Console.WriteLine($"{waiting.Count} waiting for your answers.");
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

    private static JsonElement Rows(List<QuestionOwner> waiting) => JsonSerializer.SerializeToElement(
        waiting.SelectMany(o => (o.Questions.Count > 0 ? o.Questions : [new PendingQuestion("-", "-", [])])
            .Select(q => new
            {
                name = o.Name, id = o.Id, context = o.Context, question = q.Id, text = q.Text,
                options = string.Join(" | ", q.Options),
            })), GatewayClient.Json);
}

using System.CommandLine;
using Codewalkers.Cli.Core;

namespace Codewalkers.Cli.Commands;

/// <summary>
/// `cw answer`: replies to a question another agent asked (heard with `cw listen`); the asker, waiting, gets it.
/// </summary>
public sealed class AnswerCommand : ICommandGroup
{
    public Command Build()
    {
        var id = new Argument<string>("conversation-id")
        {
            Description = "The conversation's id, as cw listen printed it.",
        };
        var answer = new Argument<string>("answer")
        {
            Description = "The answer, self-contained: the asker sees only this. '-' reads stdin.",
        };
        return new Command("answer",
            "Answer a question another agent asked you (cw listen shows it); the asker, waiting in cw ask, gets it. " +
            "Exit 4 when it was answered already. --json: the answered conversation.")
        {
            id, answer,
        }.Does(async (context, parse, ct) =>
        {
            var conversationId = parse.GetRequiredValue(id);
            var text = Conversations.Text(context, parse.GetRequiredValue(answer), "answer");
            var answered = await context.Api.PostAsync($"{Conversations.PathOf(conversationId)}/answer",
                new { answer = text }, ct);
            context.Output.Done(answered, $"Answered {conversationId}.");
        });
    }
}

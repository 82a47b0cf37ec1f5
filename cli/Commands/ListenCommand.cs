using System.CommandLine;
using Codewalkers.Cli.Core;
using Codewalkers.Cli.Streaming;
using Spectre.Console;

namespace Codewalkers.Cli.Commands;

/// <summary>
/// `cw listen`: waits for the oldest question other agents asked this agent (`cw ask`) and prints it, to be answered
/// with `cw answer`. It reads the agent's question stream (server-sent events through the gateway, see
/// <see cref="ConversationListener"/>), so a new question arrives the moment it is asked. Between steps of its work an
/// agent looks once with `--timeout 0`.
/// </summary>
public sealed class ListenCommand : ICommandGroup
{
    public Command Build()
    {
        var agent = new Option<string?>("--agent")
        {
            HelpName = "agent-id",
            Description = "Whose questions (default: CW_AGENT_ID, set for agents). A person must name one.",
        };
        var timeout = Conversations.Timeout(300, "a question");
        return new Command("listen",
            "Wait for a question another agent asked you (cw ask) and print the oldest one still unanswered; " +
            "answer it with cw answer. Exit 0 with the question (--json: the conversation {id, fromAgentId, " +
            "question, ...}), 1 when none came in time.")
        {
            agent, timeout,
        }.Does(async (context, parse, ct) =>
        {
            var listener = parse.GetValue(agent) ?? context.AgentId ?? throw CliException.Usage(
                "Say whose questions to wait for: --agent <agent-id> (an agent's own CW_AGENT_ID is the default).");
            var seconds = parse.GetValue(timeout);
            var heard = await new ConversationListener(context.Api, ReconnectPolicy.ForWait())
                .NextAsync(listener, TimeSpan.FromSeconds(seconds), ct);
            if (heard is not { } conversation)
                throw new CliException(ExitCodes.Failure,
                    seconds == 0 ? "No question is waiting." : $"No question within {seconds} s.");
            var id = Json.Text(conversation, "id");
            context.Output.Result(conversation, () =>
            {
                context.Output.Console.WriteLine(
                    $"From {Json.Text(conversation, "fromAgentId")}: {Json.String(conversation, "question")}");
                context.Output.Console.WriteLine($"Answer it: cw answer {id} <text>");
            });
            return ExitCodes.Success;
        });
    }
}

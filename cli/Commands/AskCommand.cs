using System.CommandLine;
using Codewalkers.Cli.Core;
using Spectre.Console;

namespace Codewalkers.Cli.Commands;

/// <summary>
/// `cw ask`: an agent asks another agent (by id, or the one working a task or phase) and waits for its answer.
/// The other agent hears it with `cw listen` and replies with `cw answer`.
/// </summary>
public sealed class AskCommand : ICommandGroup
{
    public Command Build()
    {
        var question = new Argument<string>("question")
        {
            Description = "What to ask, self-contained: the other agent knows nothing of your task. '-' reads stdin.",
        };
        var agent = new Option<string?>("--agent") { HelpName = "agent-id", Description = "Ask this agent." };
        var task = new Option<string?>("--task")
        {
            HelpName = "task-id",
            Description = "Ask the agent working this task (running, else waiting for input, else idle).",
        };
        var phase = new Option<string?>("--phase")
        {
            HelpName = "phase-id",
            Description = "Ask an agent of this phase (running, else waiting for input, else idle).",
        };
        var from = new Option<string?>("--from")
        {
            HelpName = "agent-id",
            Description = "The asking agent (default: CW_AGENT_ID, set for agents). A person must name one.",
        };
        var timeout = Conversations.Timeout(600, "the answer");
        var command = new Command("ask",
            "Ask another agent a question and wait for its answer. Name exactly one of --agent, --task, --phase. " +
            "Exit 0 with the answer (--json: the conversation {id, fromAgentId, toAgentId, question, answer, status, " +
            "...}), 1 when the conversation failed (e.g. the agent was deleted) or no answer came in time.")
        {
            question, agent, task, phase, from, timeout,
        };
        command.Validators.Add(result =>
        {
            var named = new Option[] { agent, task, phase }.Count(o => result.GetResult(o) is not null);
            if (named != 1) result.AddError("Name exactly one of --agent <id>, --task <id> or --phase <id>.");
        });
        return command.Does(async (context, parse, ct) =>
        {
            var asker = parse.GetValue(from) ?? context.AgentId ?? throw CliException.Usage(
                "Say who asks: --from <agent-id> (an agent's own CW_AGENT_ID is the default).");
            var text = Conversations.Text(context, parse.GetRequiredValue(question), "question");
            var asked = await context.Api.PostAsync("api/conversations", RequestBody.Of(
                ("question", text),
                ("toAgentId", parse.GetValue(agent)),
                ("taskId", parse.GetValue(task)),
                ("phaseId", parse.GetValue(phase)),
                ("fromAgentId", asker)), ct);
            var id = Json.Text(asked, "id");
            var seconds = parse.GetValue(timeout);
            if (!context.Output.IsJson)
                context.Output.Console.WriteLine(
                    $"Asked agent {Json.Text(asked, "toAgentId")} (conversation {id}); waiting up to {seconds} s.");
            var (conversation, answered) = await Conversations.WaitAsync(context.Api,
                wait => $"{Conversations.PathOf(id)}?waitSeconds={wait}",
                c => Json.String(c, "status") != "pending", seconds, ct);
            if (!answered)
                throw new CliException(ExitCodes.Failure,
                    $"No answer within {seconds} s; conversation {id} is still pending.");
            if (Json.String(conversation, "status") != "answered")
                throw new CliException(ExitCodes.Failure,
                    $"Conversation {id} {Json.Text(conversation, "status")}: " +
                    $"{Json.Text(conversation, "failureReason")}.");
            context.Output.Result(conversation,
                () => context.Output.Console.WriteLine($"Answer: {Json.String(conversation, "answer")}"));
            return ExitCodes.Success;
        });
    }
}

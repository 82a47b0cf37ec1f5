using System.Text;
using Codewalkers.Contracts.Agents;
using Codewalkers.Contracts.Chat;
using Codewalkers.Planning.Domain;

namespace Codewalkers.Planning.Assignments;

/// <summary>
/// A chat agent's prompt: it talks with the user about one phase or task, answers in result.message, and edits the
/// plan by writing the architects' output files (docs/architects.md) to pages/, phases/ and tasks/ at once; Planning
/// applies them as one change set the user can revert. Later turns resume the same session with <see cref="Resume"/>.
/// </summary>
internal static class ChatPrompt
{
    public static string Build(Initiative initiative, Phase? phase, PlanTask? task,
        IReadOnlyList<ChatHistoryLine>? history, string message)
    {
        var target = task is null
            ? $"phase \"{phase!.Name}\" (id {phase.Id})"
            : $"task \"{task.Name}\" (id {task.Id})"
                + (phase is null ? "" : $" of phase \"{phase.Name}\" (id {phase.Id})");
        var prompt = new StringBuilder();
        prompt.Section("role",
            $"You are the chat architect of {target} in initiative \"{initiative.Name}\" (id {initiative.Id}). " +
            "You talk with the user who owns the plan: answer their messages, and when they ask for changes to the " +
            "plan, make them by writing output files. Your edits are applied at once, as one change set the user " +
            "sees in the chat and can revert.");
        prompt.Section("target", task is null
            ? $"phase.md is the phase you are talking about; its tasks are in context/index.json (key {phase!.Id})."
            : "task.md is the task you are talking about" + (phase is null ? "." : "; phase.md is its phase."));
        prompt.Section("input_files", PromptText.InputFiles +
            "\npages/ are the initiative's documents (the page without parentPageId is the root); context/ holds " +
                "every phase and task of the initiative with their dependencies.");
        prompt.Section("codebase_exploration",
            "The project(s) are in your working directory: read the code when the answer or the edit depends on it.");
        prompt.Section("cw_commands", PromptText.ArchitectCommands);
        if (history is { Count: > 0 })
            prompt.Section("history", "The conversation so far (oldest first):\n" + string.Join("\n\n",
                history.Select(h => $"[{h.Role}]\n{h.Content.Trim()}")));
        prompt.Section("user_message", message);
        prompt.Section("output_format", Output(phase));
        prompt.Section("completion", Completion);
        return prompt.ToString().TrimEnd();
    }

    /// <summary>A later turn: the user's message, and the rule about the files the earlier turns left behind.</summary>
    public static string Resume(string message) =>
        new StringBuilder()
            .Section("user_message", message)
            .Section("output_files", EarlierFiles)
            .Section("completion", Completion)
            .ToString().TrimEnd();

    private const string EarlierFiles = """
        The files you wrote in earlier turns have been applied already. Delete them (rm -f .cw/output/pages/*.md
        .cw/output/phases/*.md .cw/output/tasks/*.md) before you write this turn's edits; a file left unchanged is
        ignored. What earlier turns created has ids of its own now: read them with cw (or the user's message) and name
        a file after such an id to change that entity.
        """;

    private static string Completion => $$$"""
        Change no code and commit nothing: your edits are the files under .cw/output/, your answer is the signal.
        Write .cw/output/signal.json as your very last action, exactly one of:
        - {"status":"{{{SignalOutcomes.Done}}}","result":{"message":"<your reply to the user>"}}
          where the reply is a few sentences: what you changed and why, or the answer to their question
        - {{{PromptText.Questions}}} (when a choice is the user's; their next message answers)
        - {"status":"{{{SignalOutcomes.Error}}}","error":"<what went wrong>"}
        Write nothing after the signal. A message that asks for no change needs no output files, only the reply.
        """;

    private static string Output(Phase? phase)
    {
        var newTasks = phase is null
            ? "New tasks have no phase."
            : $"New tasks belong to phase \"{phase.Name}\" (id {phase.Id}).";
        return $$"""
            Edit the plan with one markdown file per entity, named <id>.md. An id equal to an existing page, phase or
            task id updates it (write its complete new content, not a diff); any other id (a short slug of letters,
            digits, '-' and '_', unique in your output) creates a new one; `action: delete` in the front matter of a
            file named after an existing id deletes it. Leave what needs no change alone.

            .cw/output/tasks/<id>.md
            ---
            title: "Add the orders table"
            category: "execute"      # execute | verify | research
            priority: "medium"       # low | medium | high
            dependencies: ["other-task-id"]
            ---
            What to change, where, and how to verify it: complete enough for an agent who sees only this task.

            .cw/output/phases/<id>.md
            ---
            title: "Storage layer"
            dependencies: ["other-phase-id"]
            ---
            What the phase delivers and how to tell it is done.

            .cw/output/pages/<id>.md
            ---
            title: "Page title"
            parentPageId: "<id of an existing page>"   # new pages only; the root page when absent
            ---
            The complete content of the page.

            {{newTasks}}
            dependencies lists what must be completed first: ids of your other files in the same folder, or ids of
            existing entities of the same kind. They are added; an updated entity keeps the dependencies it had. No
            cycles. Every file is checked before anything is applied: one bad file and nothing is, and you are told
            why.
            """;
    }
}

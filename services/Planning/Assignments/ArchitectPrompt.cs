using System.Text;
using Codewalkers.Contracts.Agents;
using Codewalkers.Planning.Domain;

namespace Codewalkers.Planning.Assignments;

/// <summary>
/// An architect's prompt per mode: whom it plans for (names and ids), the output files it writes under
/// .cw/output/ and their front matter (docs/architects.md), and the signal contract. Architects change no code.
/// </summary>
internal static class ArchitectPrompt
{
    private const string FileIds =
        "Name each file <id>.md, where id is a short slug of letters, digits, '-' and '_' (e.g. storage-layer) that " +
            "is unique in your output.";

    public static string Build(string mode, Initiative initiative, Phase? phase, string? instructions)
    {
        var subject = $"initiative \"{initiative.Name}\" (id {initiative.Id})";
        var prompt = new StringBuilder();
        prompt.Section("role", mode switch
        {
            AgentModes.Discuss
                => $"You are the discuss architect of {subject}: you settle the decisions it needs before it is " +
                "planned.",
            AgentModes.Plan => $"You are the plan architect of {subject}: you split it into phases.",
            AgentModes.Refine => $"You are the refine architect of {subject}: you improve its pages (its documents).",
            AgentModes.Detail
                => $"You are the detail architect of phase \"{phase!.Name}\" (id {phase.Id}) of {subject}: you " +
                "break the phase into tasks.",
            _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "not an architect mode"),
        } + " What you write becomes proposals the user accepts or dismisses.");
        if (!string.IsNullOrWhiteSpace(instructions)) prompt.Section("user_instructions", instructions);
        prompt.Section("input_files", PromptText.InputFiles +
            (phase is null ? "" : "\nphase.md is the phase to detail.") +
            "\npages/ are the initiative's documents (the page without parentPageId is the root); context/ holds " +
                "the existing phases and tasks.");
        prompt.Section("codebase_exploration",
            "Explore the project(s) in your working directory before writing: layout, build, tests, conventions, " +
                "and what already exists. " +
            "Ground every output in the code as it is.");
        prompt.Section("cw_commands", PromptText.ArchitectCommands);
        prompt.Section("output_format", Output(mode, phase) + "\n" + FileIds);
        prompt.Section("completion", PromptText.Signal(commit: false) +
            "\nWhen a choice is the user's to make, signal questions instead of guessing.");
        return prompt.ToString().TrimEnd();
    }

    private static string Output(string mode, Phase? phase) => mode switch
    {
        AgentModes.Discuss => """
            Write one file per decision to .cw/output/decisions/<id>.md:
            ---
            topic: "How users sign in"
            decision: "OAuth device flow, no passwords"
            ---
            Why, the alternatives weighed, and the consequences (markdown).
            """,
        AgentModes.Plan => """
            Write one file per phase to .cw/output/phases/<id>.md. A phase is a coherent slice that can be built,
            tested and merged on its own:
            ---
            title: "Storage layer"
            dependencies: ["other-phase-id"]
            ---
            What the phase delivers and how to tell it is done (markdown).
            dependencies lists the phases that must be completed first: ids of your other phase files, or ids of
            existing phases from context/phases/. No cycles. To revise an existing phase, name the file after its id.
            Do not write tasks.
            """,
        AgentModes.Refine => """
            Write one file per page you change to .cw/output/pages/<pageId>.md, named after the id of the page in
            pages/ it rewrites (a new id proposes a new page):
            ---
            title: "Page title"
            parentPageId: "<id of an existing page>"   # new pages only; the root page when absent
            ---
            The complete new content of the page (markdown), not a diff. Leave pages that need no change alone.
            """,
        _ => $$"""
            Write one file per task of phase "{{phase!.Name}}" (id {{phase.Id}}) to .cw/output/tasks/<id>.md:
            ---
            title: "Add the orders table"
            category: "execute"      # execute | verify | research
            priority: "medium"       # low | medium | high
            dependencies: ["other-task-id"]
            files: ["src/Orders/OrdersTable.cs", "src/Orders/Migrations/"]
            ---
            What to change, where, and how to verify it: complete enough for an agent who sees only this task.
            A task is one agent's work of an hour or less. dependencies lists tasks that must be completed first: ids
            of your other task files, or ids of existing tasks from context/tasks/. No cycles. files lists the files
            the task will change, relative to the repository root (a directory ends with "/"): tasks whose files
            overlap run one after the other, so name them as precisely as you can. The phase's existing
            tasks are in context/index.json: do not duplicate them; to revise one, name the file after its id.
            """,
    };
}

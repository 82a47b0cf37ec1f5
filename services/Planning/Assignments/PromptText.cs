using System.Text;
using Codewalkers.Contracts.Agents;

namespace Codewalkers.Planning.Assignments;

/// <summary>The blocks every prompt shares (SPEC-ORIGINAL §3.5), as XML-tagged sections.</summary>
internal static class PromptText
{
    public static StringBuilder Section(this StringBuilder prompt, string tag, string body) =>
        prompt.Append('<').Append(tag).Append(">\n").Append(body.Trim()).Append("\n</").Append(tag).Append(">\n\n");

    public const string InputFiles = """
        Your assignment is under .cw/input/. manifest.json lists `files` (read all of them before you start) and
        `contextFiles` (open one only when you need it; context/index.json says which phase or task each file holds).
        Input files are markdown with YAML front matter.
        """;

    public const string Deviations = """
        - Fix typos and small bugs (under ~10 lines) you run into, and say so in your summary.
        - Something you depend on is missing: look in the context files; if still unclear, ask.
        - The assignment conflicts with the code or is ambiguous in a way that changes the result: stop and signal
          questions.
        """;

    private const string CwIntro =
        "`cw` is on your PATH and already set up for you (CW_API_URL, CW_AGENT_ID and CW_TOKEN are in your " +
        "environment); every command prints JSON.";

    private const string CwReadCommands = """
        - `cw task get <id>`, `cw task list --initiative <id>`: tasks, with their status and summaries.
        - `cw page list --initiative <id>`, `cw page get <id>`: the initiative's documents.
        - `cw initiative get <id>`: the initiative.
        """;

    /// <summary>
    /// The cw commands an execution agent may run: its token allows reading the plan, adding tasks under its own
    /// task and asking and answering other agents (conversations), nothing more (ServiceDefaults' AgentScope).
    /// </summary>
    public static string ExecutionCommands(string taskId) =>
        $"""
        {CwIntro}
        - `cw task add "<name>" --description "<what to change, where, how to verify it>"`: a new task under your
          task (id {taskId}) for separable work you find outside your own task. Another agent executes it, possibly
          while you work, so describe it completely. `--parent <id>` may name only your own task.
        - `cw ask "<question>" --task <task-id>` (or `--agent <id>`, `--phase <id>`): ask the agent working another
          task what only it knows (an interface it is building, a decision it made) and wait for its answer, which
          it prints (up to 10 minutes; `--timeout <seconds>` to wait less). The agent of a finished task is resumed
          to answer. A non-zero exit means no answer came (timed out, or the other agent was deleted, crashed or
          stopped without answering): go on with your best judgement and say so in your summary.
        - `cw listen --timeout 0`: between steps of your work, and once more before you signal done, look whether
          another agent asked you something (it prints the oldest question and its conversation id; exit 1 when
          none is waiting). Answer each one before the next step.
        - `cw answer <conversation-id> "<answer>"`: answer such a question at once; its agent waits for you.
        {CwReadCommands}
        Nothing else: approving, merging, deleting and changing other tasks are the user's.
        """;

    /// <summary>What an architect may run with cw: reading only (it executes no task, so it may add none).</summary>
    public static string ArchitectCommands =>
        $"""
        {CwIntro} You may read the plan with it:
        {CwReadCommands}
        Your results are still only the files you write under .cw/output/.
        """;

    public const string Questions =
        $$$"""{"status":"{{{SignalOutcomes.Questions}}}","questions":[{"id":"q1","question":"..."}]}""";

    /// <summary>The completion contract; <paramref name="commit"/> for agents whose work is commits.</summary>
    public static string Signal(bool commit)
    {
        var text = new StringBuilder();
        if (commit) text.AppendLine("Commit all your work (git add, git commit on your current branch) before you " +
            "signal done; uncommitted work is lost.");
        else text.AppendLine("Change no code and commit nothing: your results are the files you write under " +
            ".cw/output/.");
        text.AppendLine("Write .cw/output/signal.json as your very last action, exactly one of:");
        text.AppendLine($$$"""- {"status":"{{{SignalOutcomes.Done}}}",""" +
            "\"result\":{\"message\":\"<one-paragraph summary of what you did>\"}}");
        text.AppendLine($"- {Questions} (you are resumed with the answers)");
        text.AppendLine(
            $$$"""- {"status":"{{{SignalOutcomes.Error}}}","error":"<what went wrong, with the failing output>"}""");
        text.Append("Write nothing after the signal.");
        return text.ToString();
    }
}

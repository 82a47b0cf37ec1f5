using System.Text;
using System.Text.Json;

namespace Codewalkers.Agents.Supervision;

/// <summary>The texts this service adds to an agent's conversation.</summary>
public static class Prompts
{
    public static string WithSignalFormat(string prompt, IReadOnlyList<string> requiredOutputs)
    {
        var text = new StringBuilder(prompt.TrimEnd()).AppendLine().AppendLine();
        text.AppendLine(PortsLine).AppendLine();
        text.AppendLine("<signal_format>");
        if (requiredOutputs.Count > 0)
            text.AppendLine($"Write these files under .cw/output/ first: {string.Join(", ", requiredOutputs)}.");
        text.AppendLine("As your very last action, write .cw/output/signal.json (relative to your working directory):");
        text.AppendLine("""- finished: {"status":"done","result":{"message":"<one-line summary>"}}""");
        text.AppendLine("""- need answers: {"status":"questions","questions":[{"id":"q1","question":"..."}]}""");
        text.AppendLine("""- cannot continue: {"status":"error","error":"<details>"}""");
        text.AppendLine("Commit your work before signalling done.");
        text.Append("</signal_format>");
        return text.ToString();
    }

    /// <summary>Every agent has its own ports (CW_PORT_BASE, set at launch), so parallel tasks never collide.</summary>
    public const string PortsLine =
        "Ports $CW_PORT_BASE to $CW_PORT_BASE+9 are yours for servers and tests (dev servers, test databases); "
        + "use no other ports.";

    public static string Answers(IReadOnlyDictionary<string, string> answers)
    {
        var text = new StringBuilder("Here are the answers to your questions:\n");
        foreach (var (id, answer) in answers) text.AppendLine($"<answer id=\"{id}\">{answer}</answer>");
        text.Append(
            "Continue your task with these answers, and write .cw/output/signal.json again when you are finished.");
        return text.ToString();
    }

    public static string Message(string message) =>
        $"{message}\n\nWhen you are finished, write .cw/output/signal.json again as your last action.";

    /// <summary>
    /// The resume for questions other agents asked (<c>cw ask</c>): answer each, then end as the task had ended.
    /// </summary>
    public const string Conversation =
        "Other agents have asked you questions while you were stopped. Run `cw listen --timeout 0` to see the oldest "
        + "one still unanswered, and answer it with `cw answer <conversation-id> \"<answer>\"` from what you know of "
        + "your task and your work. Repeat until `cw listen --timeout 0` says no question is waiting. Do not change "
        + "your work for these questions unless an answer requires it. Then write .cw/output/signal.json again as "
        + "your last action, as you did when you finished (done, unless you now need answers or cannot continue).";

    public static string MissingSignal(IReadOnlyList<string> missingOutputs) => missingOutputs.Count == 0
        ? "You stopped without writing .cw/output/signal.json. If your work is complete, commit it and write the "
          + """signal now ({"status":"done",...}); if you need answers, signal questions; if you cannot continue, """
          + "signal error."
        : "You signalled done, but these declared outputs are missing or invalid: "
          + $"{string.Join(", ", missingOutputs)}. "
          + "Write them under .cw/output/, then write .cw/output/signal.json again as your last action.";

    public static string CommitFirst(IReadOnlyList<string> dirty) =>
        $"You signalled done, but these directories have uncommitted changes: {string.Join(", ", dirty)}. " +
        "Commit them (or remove what should not be kept), then write .cw/output/signal.json again as your last action.";

    /// <summary>
    /// The resume after a done whose project check failed: what ran, how it ended, and the end of its output.
    /// </summary>
    public static string VerificationFailed(Domain.VerificationRun run, int tailBytes)
    {
        var how = run.TimedOut ? $"was killed after {run.DurationMs / 1000} s (its time limit)"
            : $"exited with code {run.ExitCode}";
        var output = run.OutputTail.Length > tailBytes ? run.OutputTail[^tailBytes..] : run.OutputTail;
        return $"You signalled done, but the project's check failed, so your work is not accepted yet.\n"
            + $"Command (run with sh -c in {run.ProjectName}/): {run.Command}\n"
            + $"It {how}. The end of its output:\n<verify_output>\n{output.TrimEnd()}\n</verify_output>\n"
            + "Fix the cause, commit your work, then write .cw/output/signal.json again as your last action.";
    }

    /// <summary>How much of the transcript a run taken over by another provider is given (its end).</summary>
    public const int FailoverTranscriptBytes = 64 * 1024;

    /// <summary>
    /// The first prompt on another provider (after the original prompt): no CLI resumes another's session, so the
    /// transcript so far (<see cref="Providers.TranscriptDigest"/>, its last
    /// <see cref="FailoverTranscriptBytes"/>) is handed over, and what the run was to continue with.
    /// </summary>
    public static string ProviderFailover(string fromProvider, Providers.TranscriptDigest.Digest transcript,
        string? next)
    {
        var text = new StringBuilder();
        text.AppendLine($"You are taking over this task from another agent CLI ({fromProvider}) that had to stop "
            + "(no account of it is usable: usage limits reached, or credentials expired). Its work is in your working "
            + "directory as it left it.");
        if (transcript.Text.Length == 0) text.AppendLine("It left no transcript.");
        else
        {
            text.AppendLine(transcript.Truncated
                ? $"Here is the end of its transcript (the last {FailoverTranscriptBytes / 1024} KiB; the earlier part "
                    + "is left out):"
                : "Here is its transcript, what it said and did:");
            text.AppendLine("<previous_transcript>").AppendLine(transcript.Text).AppendLine("</previous_transcript>");
        }
        text.AppendLine("Check the working directory for what was done already; do not redo finished work.");
        text.Append(next ?? "Continue the task where it left off, and write .cw/output/signal.json when you are finished.");
        return text.ToString();
    }

    public const string Continue =
        "Your previous session was interrupted. Continue the task where you left off, and write "
        + ".cw/output/signal.json when you are finished.";

    public static string QuestionsJson(string raw) => JsonSerializer.Serialize(JsonDocument.Parse(raw).RootElement);
}

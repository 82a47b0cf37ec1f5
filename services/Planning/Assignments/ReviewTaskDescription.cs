using System.Text;
using Codewalkers.Planning.Domain;
using Codewalkers.Planning.Execution;

namespace Codewalkers.Planning.Assignments;

/// <summary>
/// The description of the review task "request changes" creates (SPEC-ORIGINAL §2.4): the phase's unresolved review
/// threads, each tagged <c>[comment:&lt;id&gt;]</c> with its replies, any further feedback, and how to answer the
/// threads in <c>.cw/output/review-replies.json</c>, which the Collaboration service turns into replies and
/// resolutions. The description is the heart of the agent's prompt and its task.md.
/// </summary>
internal static class ReviewTaskDescription
{
    public const string RepliesFile = ".cw/output/review-replies.json";

    /// <summary>Room for the feedback; the rest of the description holds the threads and the instructions.</summary>
    public const int MaxFeedbackLength = Guard.MaxDescriptionLength / 2;

    /// <summary>A long comment is cut in the task; the agent still has its id and the line it is about.</summary>
    public const int MaxQuotedLength = 2_000;

    public static string Build(IReadOnlyList<ReviewThreadsClient.ReviewThread> threads, string? feedback)
    {
        var head = threads.Count == 0
            ? "The reviewer asked for these changes to the phase's work:\n\n"
            : "The reviewer left review comments on the phase's diff" +
                (feedback is null ? "" : " and further feedback") + ". Address each of them.\n\n";
        var tail = new StringBuilder();
        if (feedback is not null)
            tail.Append(threads.Count == 0 ? feedback.Trim() : $"## Further feedback\n\n{feedback.Trim()}")
                .Append("\n\n");
        tail.Append("Make the changes, keep the tests passing, and commit.");
        if (threads.Count > 0) tail.Append("\n\n").Append(RepliesInstructions);

        var room = Guard.MaxDescriptionLength - head.Length - tail.Length - 200;
        var body = new StringBuilder();
        if (threads.Count > 0) body.Append("## Review comments\n\n");
        var shown = 0;
        foreach (var thread in threads)
        {
            var text = Thread(thread);
            if (body.Length + text.Length > room) break;
            body.Append(text);
            shown++;
        }
        if (shown < threads.Count)
            body.Append($"({threads.Count - shown} more unresolved threads did not fit in this task; they stay open " +
                "for the next review.)\n\n");
        return head + body + tail;
    }

    public const string RepliesInstructions =
        "When you are done, write " + RepliesFile + " before your done signal: a JSON array with one entry per " +
        "comment id above, e.g. [{\"commentId\": \"<id>\", \"reply\": \"<what you changed, or why you did " +
        "not>\", \"resolved\": true}]. Set resolved to true when you made the change the thread asks for, false " +
        "when it needs the reviewer again. Use only the comment ids listed here.";

    private static string Thread(ReviewThreadsClient.ReviewThread thread)
    {
        var text = new StringBuilder();
        var outdated = thread.Outdated ? ", outdated: the line is no longer in the diff" : "";
        text.Append($"### [comment:{thread.Id}] `{thread.FilePath}` line {thread.LineNumber} " +
            $"({thread.LineType}{outdated})\n\n");
        text.Append($"    {Cut(thread.LineText)}\n\n");
        text.Append($"{thread.Author}: {Cut(thread.Body)}\n");
        foreach (var reply in thread.Replies ?? []) text.Append($"\n> {reply.Author}: {Cut(reply.Body)}\n");
        return text.Append('\n').ToString();
    }

    private static string Cut(string text) =>
        text.Length <= MaxQuotedLength ? text.Trim() : text[..MaxQuotedLength].Trim() + " … (cut)";
}

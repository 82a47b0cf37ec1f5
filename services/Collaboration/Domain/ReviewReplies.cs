using System.Text.Json;

namespace Codewalkers.Collaboration.Domain;

/// <summary>One entry of a review agent's reply file: a reply to a thread and/or its resolution.</summary>
public sealed record ReviewReply(string CommentId, string? Body, bool Resolved);

/// <summary>
/// Reads <c>.cw/output/review-replies.json</c>: <c>[{"commentId": "...", "reply": "...", "resolved": true}]</c>
/// (<c>body</c> is taken for <c>reply</c>, as the original's <c>comment-responses.json</c> named it). An entry that
/// breaks the rules is left out whole and named in <see cref="Parsed.Problems"/>.
/// </summary>
public static class ReviewReplies
{
    public const string OutputPath = "review-replies.json";

    public sealed record Parsed(IReadOnlyList<ReviewReply> Replies, IReadOnlyList<string> Problems);

    public static Parsed Parse(string json)
    {
        JsonDocument document;
        try { document = JsonDocument.Parse(json); }
        catch (JsonException ex) { return new Parsed([], [$"not JSON: {ex.Message}"]); }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Array)
                return new Parsed([], ["not a JSON array of replies"]);
            var replies = new List<ReviewReply>();
            var problems = new List<string>();
            var index = 0;
            foreach (var entry in document.RootElement.EnumerateArray())
            {
                var problem = Read(entry, out var reply);
                if (problem is null) replies.Add(reply!);
                else problems.Add($"entry {index}: {problem}");
                index++;
            }
            return new Parsed(replies, problems);
        }
    }

    private static string? Read(JsonElement entry, out ReviewReply? reply)
    {
        reply = null;
        if (entry.ValueKind != JsonValueKind.Object) return "not an object";
        if (!entry.TryGetProperty("commentId", out var id) || id.ValueKind != JsonValueKind.String
            || string.IsNullOrWhiteSpace(id.GetString()))
            return "commentId is missing";
        string? body = null;
        if ((Text(entry, "reply") ?? Text(entry, "body")) is { } text)
        {
            if (text.ValueKind != JsonValueKind.String) return "reply is not a string";
            body = text.GetString();
            if (string.IsNullOrWhiteSpace(body)) body = null;
            else if (System.Text.Encoding.UTF8.GetByteCount(body) > ReviewComment.MaxBodyBytes)
                return $"reply is longer than {ReviewComment.MaxBodyBytes} bytes";
        }
        var resolved = false;
        if (entry.TryGetProperty("resolved", out var flag) && flag.ValueKind != JsonValueKind.Null)
        {
            if (flag.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                return "resolved is not true or false";
            resolved = flag.GetBoolean();
        }
        if (body is null && !resolved) return "neither a reply nor resolved";
        reply = new ReviewReply(id.GetString()!, body, resolved);
        return null;
    }

    private static JsonElement? Text(JsonElement entry, string name) =>
        entry.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;
}

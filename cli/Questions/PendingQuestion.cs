using System.Text.Json;
using Codewalkers.Cli.Core;

namespace Codewalkers.Cli.Questions;

/// <summary>One question waiting for the user, with the answers it offers (none: any text).</summary>
public sealed record PendingQuestion(string Id, string Text, IReadOnlyList<string> Options)
{
    /// <summary>
    /// An agent's <c>pendingQuestions</c> as its signal wrote them: <c>[{"id":"q1","question":"...","options":[...]}]
    /// </c>. A question without an id is numbered as the API numbers a lone answer (q1, q2, ...); options may be
    /// strings or objects with a label (or value, or text).
    /// </summary>
    public static IReadOnlyList<PendingQuestion> FromJson(JsonElement? questions) =>
        [.. Json.Items(questions ?? default).Select((q, index) => q.ValueKind == JsonValueKind.Object
            ? new PendingQuestion(Json.String(q, "id") ?? $"q{index + 1}",
                Json.String(q, "question") ?? Json.String(q, "text") ?? q.GetRawText(),
                [.. Json.Items(q, "options").Select(OptionText).OfType<string>()])
            : new PendingQuestion($"q{index + 1}",
                q.ValueKind == JsonValueKind.String ? q.GetString()! : q.GetRawText(), []))];

    private static string? OptionText(JsonElement option) => option.ValueKind == JsonValueKind.Object
        ? Json.String(option, "label") ?? Json.String(option, "value") ?? Json.String(option, "text")
        : option.ValueKind == JsonValueKind.String ? option.GetString() : option.GetRawText();
}

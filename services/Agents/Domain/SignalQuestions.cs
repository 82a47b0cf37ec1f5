using System.Text.Json;
using Codewalkers.Contracts.Agents;

namespace Codewalkers.Agents.Domain;

/// <summary>
/// The questions of a <c>questions</c> signal as <see cref="AgentQuestion"/>s. Agents write them loosely: a question
/// without an id is numbered as a lone answer is (q1, q2, ...), a bare string is the question itself, and options may
/// be strings or objects with a label (or value, or text) — the same reading as the CLI's.
/// </summary>
public static class SignalQuestions
{
    public static IReadOnlyList<AgentQuestion> Parse(string questionsJson)
    {
        using var document = JsonDocument.Parse(questionsJson);
        if (document.RootElement.ValueKind != JsonValueKind.Array) return [];
        return [.. document.RootElement.EnumerateArray().Select(Question)];
    }

    private static AgentQuestion Question(JsonElement question, int index)
    {
        var fallbackId = $"q{index + 1}";
        if (question.ValueKind != JsonValueKind.Object) return new AgentQuestion(fallbackId, Text(question));
        var id = String(question, "id") ?? fallbackId;
        var text = String(question, "question") ?? String(question, "text") ?? question.GetRawText();
        var options = question.TryGetProperty("options", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Select(Option).OfType<string>().ToList()
            : null;
        return new AgentQuestion(id, text, options is { Count: > 0 } ? options : null);
    }

    private static string? Option(JsonElement option) => option.ValueKind == JsonValueKind.Object
        ? String(option, "label") ?? String(option, "value") ?? String(option, "text")
        : Text(option);

    private static string Text(JsonElement value) =>
        value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();

    private static string? String(JsonElement value, string name) =>
        value.TryGetProperty(name, out var property) && property.ValueKind == JsonValueKind.String
            ? property.GetString()
            : null;
}

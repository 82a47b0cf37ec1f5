using System.Text.Json;
using Codewalkers.Cli.Core;

namespace Codewalkers.Cli.Questions;

/// <summary>
/// Agents' questions in the user's inbox (GET /api/messages: items of kind questions, pending, with their initiative,
/// phase and task names); answered with POST /api/messages/{id}/reply, which resumes the agent's session.
/// </summary>
public sealed class InboxQuestions : IQuestionSource
{
    public const string PendingPath = "api/messages?pendingForUser=true&limit=200";

    public string Name => "messages";

    public async Task<(JsonElement Answer, IReadOnlyList<QuestionOwner> Owners)> LoadAsync(
        CliContext context, CancellationToken cancellationToken)
    {
        var pending = await context.Api.GetAsync(
            "api/messages?pendingForUser=true&requiresResponse=true&kind=questions&limit=200", cancellationToken);
        return (pending, Owners(pending));
    }

    /// <summary>The open question items of a list of inbox items, each answered as one owner.</summary>
    public IReadOnlyList<QuestionOwner> Owners(JsonElement items) =>
        [.. Json.Items(items).Where(IsOpenQuestion).Select(item => new QuestionOwner(this,
            Json.Text(item, "id"), Json.String(item, "agentName") ?? "?", Where(item),
            PendingQuestion.FromJson(Json.Find(item, "questions")), Json.String(item, "agentId")))];

    public Task<JsonElement> AnswerAsync(CliContext context, QuestionOwner owner,
        IReadOnlyDictionary<string, string> answers, CancellationToken cancellationToken) =>
        Reply(context, owner.Id, answers, cancellationToken);

    public static Task<JsonElement> Reply(CliContext context, string messageId,
        IReadOnlyDictionary<string, string> answers, CancellationToken cancellationToken) =>
        context.Api.PostAsync($"{PathOf(messageId)}/reply", new { answers }, cancellationToken);

    public static string PathOf(string messageId) => $"api/messages/{Uri.EscapeDataString(messageId)}";

    public static bool IsOpenQuestion(JsonElement item) =>
        Json.String(item, "kind") == "questions" && Json.String(item, "status") == "pending";

    /// <summary>"initiative / phase / task", as far as known (names, else ids), or "errand id".</summary>
    public static string Where(JsonElement item)
    {
        var parts = new[] { "initiative", "phase", "task" }
            .Select(level => Json.String(item, level + "Name") ?? Json.String(item, level + "Id"))
            .Where(n => !string.IsNullOrWhiteSpace(n)).ToList();
        if (Json.String(item, "errandId") is { Length: > 0 } errand) parts.Add($"errand {errand}");
        return parts.Count > 0 ? string.Join(" / ", parts) : "-";
    }
}

using System.Text.Json;
using Codewalkers.Cli.Core;

namespace Codewalkers.Cli.Questions;

/// <summary>
/// Agents waiting for input (GET /api/agents/waiting, with their initiative, phase and task names); answered with
/// POST /api/agents/{id}/answers, which resumes the agent's session.
/// </summary>
public sealed class WaitingAgentQuestions : IQuestionSource
{
    public string Name => "agents";

    public async Task<(JsonElement Answer, IReadOnlyList<QuestionOwner> Owners)> LoadAsync(
        CliContext context, CancellationToken cancellationToken)
    {
        var waiting = await context.Api.GetAsync("api/agents/waiting", cancellationToken);
        return (waiting, [.. Json.Items(waiting).Select(agent => new QuestionOwner(this,
            Json.Text(agent, "id"), Json.Text(agent, "name"), Where(agent),
            PendingQuestion.FromJson(Json.Find(agent, "pendingQuestions"))))]);
    }

    public Task<JsonElement> AnswerAsync(CliContext context, QuestionOwner owner,
        IReadOnlyDictionary<string, string> answers, CancellationToken cancellationToken) =>
        Send(context, owner.Id, answers, cancellationToken);

    public static Task<JsonElement> Send(CliContext context, string agentId,
        IReadOnlyDictionary<string, string> answers, CancellationToken cancellationToken) =>
        context.Api.PostAsync($"api/agents/{Uri.EscapeDataString(agentId)}/answers", new { answers },
            cancellationToken);

    /// <summary>"initiative / phase / task", as far as known.</summary>
    private static string Where(JsonElement agent)
    {
        var names = new[] { "initiativeName", "phaseName", "taskName" }
            .Select(path => Json.String(agent, path)).Where(n => !string.IsNullOrWhiteSpace(n)).ToList();
        return names.Count > 0 ? string.Join(" / ", names) : Json.Text(agent, "mode");
    }
}

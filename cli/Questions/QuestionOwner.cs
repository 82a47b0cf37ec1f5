namespace Codewalkers.Cli.Questions;

/// <summary>
/// Whoever waits for the answers (an agent's inbox item, or the agent itself): its id and name, where it works
/// (initiative / phase / task), and its questions, answered together. <paramref name="AgentId"/>: the agent that
/// asked, when the owner is an inbox item, so the user may name the agent instead of the item.
/// </summary>
public sealed record QuestionOwner(
    IQuestionSource Source, string Id, string Name, string Context, IReadOnlyList<PendingQuestion> Questions,
    string? AgentId = null)
{
    public bool IsNamed(string idOrName) => Id == idOrName || Name == idOrName || AgentId == idOrName;
}

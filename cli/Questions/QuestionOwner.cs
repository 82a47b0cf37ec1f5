namespace Codewalkers.Cli.Questions;

/// <summary>
/// Whoever waits for the answers (today an agent; with collaboration, a conversation): its id and name, where it
/// works (initiative / phase / task), and its questions, answered together.
/// </summary>
public sealed record QuestionOwner(
    IQuestionSource Source, string Id, string Name, string Context, IReadOnlyList<PendingQuestion> Questions)
{
    public bool IsNamed(string idOrName) => Id == idOrName || Name == idOrName;
}

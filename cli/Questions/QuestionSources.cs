namespace Codewalkers.Cli.Questions;

/// <summary>Every kind of question the user may be asked, in the order the inbox shows them.</summary>
public static class QuestionSources
{
    public static IReadOnlyList<IQuestionSource> All { get; } = [new InboxQuestions()];
}

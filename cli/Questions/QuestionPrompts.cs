using Spectre.Console;

namespace Codewalkers.Cli.Questions;

/// <summary>
/// Asks a person, on a terminal, each question of one owner: a choice when the question offers options (with "type
/// another answer" and "skip"), else free text. Skipping (an empty answer) leaves that owner waiting.
/// </summary>
public static class QuestionPrompts
{
    private const string Other = "(type another answer)";
    private const string Skip = "(skip for now)";

    /// <summary>The answers by question id, or null when the person skipped this owner.</summary>
    public static Dictionary<string, string>? Ask(IAnsiConsole console, QuestionOwner owner)
    {
        console.MarkupLine($"[bold]{Markup.Escape(owner.Name)}[/] ({Markup.Escape(owner.Id)}) "
            + $"[grey]{Markup.Escape(owner.Context)}[/]");
        var answers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var question in owner.Questions)
        {
            console.MarkupLine($"  [yellow]{Markup.Escape(question.Id)}[/] {Markup.Escape(question.Text)}");
            var answer = question.Options.Count > 0 ? Choose(console, question) : Type(console);
            if (answer is null) return null;
            answers[question.Id] = answer;
        }
        return answers;
    }

    private static string? Choose(IAnsiConsole console, PendingQuestion question)
    {
        var choice = console.Prompt(new SelectionPrompt<string>().Title("  Answer:")
            .AddChoices(question.Options).AddChoices(Other, Skip));
        return choice switch
        {
            Skip => null,
            Other => Type(console),
            _ => choice,
        };
    }

    private static string? Type(IAnsiConsole console)
    {
        var text = console.Prompt(new TextPrompt<string>("  Answer (empty skips):").AllowEmpty());
        return string.IsNullOrWhiteSpace(text) ? null : text.Trim();
    }
}

using Codewalkers.Cli.Core;

namespace Codewalkers.Cli.Questions;

/// <summary>
/// Answers given on the command line: <c>q1=text</c> answers question q1; a value that does not start with a pending
/// question's id and '=' is the answer to the only pending question (so "a=b is fine" needs no quoting tricks).
/// </summary>
public static class AnswerFlags
{
    public const string Help = "An answer as q-id=text (e.g. q1=\"use SQLite\"); repeat for each question. A value "
        + "without a pending question's id answers the only question.";

    public static Dictionary<string, string> Parse(IReadOnlyList<string> values, IReadOnlyList<PendingQuestion> pending)
    {
        var answers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var value in values)
        {
            var (id, text) = Split(value, pending);
            if (string.IsNullOrWhiteSpace(text)) throw CliException.Usage($"The answer to {id} is empty.");
            if (!answers.TryAdd(id, text)) throw CliException.Usage($"Question {id} is answered twice.");
        }
        return answers;
    }

    private static (string Id, string Text) Split(string value, IReadOnlyList<PendingQuestion> pending)
    {
        var equals = value.IndexOf('=');
        if (equals > 0 && pending.Any(q => q.Id == value[..equals])) return (value[..equals], value[(equals + 1)..]);
        // Nothing known to be pending (the agent is not waiting): q1=... still names q1, and the API says why not.
        if (pending.Count == 0)
            return equals > 0 && !value[..equals].Contains(' ')
                ? (value[..equals], value[(equals + 1)..])
                : ("q1", value);
        if (pending.Count == 1) return (pending[0].Id, value);
        throw CliException.Usage($"Say which question '{Shorten(value)}' answers: --answer <q-id>=text (pending: "
            + $"{string.Join(", ", pending.Select(q => q.Id))}).");
    }

    private static string Shorten(string value) => value.Length <= 40 ? value : value[..40] + "...";
}

using System.Text.Json;
using Codewalkers.Cli.Core;

namespace Codewalkers.Cli.Questions;

/// <summary>
/// A kind of question that waits for the user (`cw inbox`, `cw status`). Each source reads its own endpoint and
/// answers through it; a new kind (agent-to-agent conversations) is one more class listed in
/// <see cref="QuestionSources"/>.
/// </summary>
public interface IQuestionSource
{
    /// <summary>The property that holds this source's API answer in `cw inbox --json` (stable).</summary>
    string Name { get; }

    /// <summary>What the API answered (for --json, unchanged) and the questions read from it.</summary>
    Task<(JsonElement Answer, IReadOnlyList<QuestionOwner> Owners)> LoadAsync(
        CliContext context, CancellationToken cancellationToken);

    /// <summary>Sends the answers (question id to text); returns the API's answer.</summary>
    Task<JsonElement> AnswerAsync(CliContext context, QuestionOwner owner, IReadOnlyDictionary<string, string> answers,
        CancellationToken cancellationToken);
}

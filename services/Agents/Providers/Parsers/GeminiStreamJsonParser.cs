using System.Text;
using System.Text.RegularExpressions;

namespace Codewalkers.Agents.Providers.Parsers;

/// <summary>
/// Gemini CLI <c>--output-format stream-json</c> (checked with @google/gemini-cli 0.61.0): init{session_id} names the
/// session (the same id again on a resume); message (role user|assistant, assistant text in delta chunks), tool_use,
/// tool_result, error{severity,message}; result{status success|error, error{message}, stats{input_tokens,
/// output_tokens, duration_ms}} ends the run, its stats counting this session only. An API failure is a result with
/// status error whose message quotes the API's answer: <c>[API Error: {"error":{"code":401,...}}]</c>, or for a spent
/// quota <c>[API Error: You have exhausted your daily quota on this model.]</c>. A resume of an unknown session fails
/// before the JSON stream starts, with a plain "Error resuming session: ..." line on stderr, which the output file
/// holds too.
/// </summary>
public sealed partial class GeminiStreamJsonParser : IOutputParser
{
    private static readonly byte[] ResumeErrorPrefix = "Error resuming session"u8.ToArray();

    public IReadOnlyList<ProviderEvent> Parse(ReadOnlySpan<byte> line)
    {
        using var document = JsonLine.TryParse(line);
        if (document is null)
            return line.StartsWith(ResumeErrorPrefix)
                ? [new ProviderEvent(ProviderEventKind.Error) { Text = Encoding.UTF8.GetString(line), IsError = true }]
                : [];
        var root = document.RootElement;
        switch (root.Str("type"))
        {
            case "init" when root.Str("session_id") is { } session:
                return [new ProviderEvent(ProviderEventKind.Session) { SessionId = session, Model = root.Str("model") }];
            case "message" when root.Str("role") == "assistant":
                return [new ProviderEvent(ProviderEventKind.Text) { Text = root.Str("content") }];
            case "error":
                return [new ProviderEvent(ProviderEventKind.Error) { Text = root.Str("message"),
                    IsError = root.Str("severity") == "error" }];
            case "result":
                var stats = root.Obj("stats");
                var error = root.Obj("error")?.Str("message") ?? root.Str("error");
                return [new ProviderEvent(ProviderEventKind.Result)
                {
                    IsError = root.Str("status") != "success",
                    Text = error,
                    ApiErrorStatus = HttpStatusOf(error),
                    InputTokens = stats?.Long("input_tokens"), OutputTokens = stats?.Long("output_tokens"),
                    DurationMs = stats?.Long("duration_ms"),
                }];
            default:
                return [];
        }
    }

    /// <summary>The HTTP status the quoted API error carries ("code":401, or "(Status: 429)" in older CLIs).</summary>
    private static int? HttpStatusOf(string? error) =>
        error is not null && StatusPattern().Match(error) is { Success: true } match
            ? int.Parse(match.Groups["status"].Value, System.Globalization.CultureInfo.InvariantCulture)
            : null;

    [GeneratedRegex(@"""code"":\s*(?<status>[1-5]\d\d)\b|\(Status: (?<status>[1-5]\d\d)\)")]
    private static partial Regex StatusPattern();
}

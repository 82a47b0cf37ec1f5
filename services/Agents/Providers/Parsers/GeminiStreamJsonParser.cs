using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Codewalkers.Agents.Providers.Parsers;

/// <summary>
/// Gemini CLI <c>--output-format stream-json</c> (checked with @google/gemini-cli 0.61.0): init{session_id} names the
/// session (the same id again on a resume); message (role user|assistant, assistant text in delta chunks), tool_use,
/// tool_result, error{severity,message}; result{status success|error, error{message}, stats{input_tokens,
/// output_tokens, cached, input, duration_ms, models{name: the same per model}}} ends the run, its stats counting this
/// session only. <c>input_tokens</c> is the API's promptTokenCount, which includes the tokens read from the context cache
/// (<c>cached</c>, the API's cachedContentTokenCount); <c>input</c> is the rest. An API failure is a result with
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
                    InputTokens = Uncached(stats), OutputTokens = stats?.Long("output_tokens"),
                    CacheReadTokens = stats?.Long("cached"),
                    DurationMs = stats?.Long("duration_ms"),
                    Models = PerModel(stats?.Obj("models")),
                }];
            default:
                return [];
        }
    }

    /// <summary>Input as everywhere here: the prompt tokens not read from the cache.</summary>
    private static long? Uncached(JsonElement? stats) =>
        stats?.Long("input_tokens") is { } prompt ? Math.Max(0, prompt - (stats.Value.Long("cached") ?? 0)) : null;

    private static IReadOnlyList<ModelTokens>? PerModel(JsonElement? models)
    {
        if (models is not { } byModel) return null;
        var parts = byModel.EnumerateObject().Where(m => m.Value.ValueKind == JsonValueKind.Object)
            .Select(m => new ModelTokens(m.Name, Uncached(m.Value), m.Value.Long("output_tokens"),
                m.Value.Long("cached"), null))
            .ToList();
        return parts.Count > 0 ? parts : null;
    }

    /// <summary>The HTTP status the quoted API error carries ("code":401, or "(Status: 429)" in older CLIs).</summary>
    private static int? HttpStatusOf(string? error) =>
        error is not null && StatusPattern().Match(error) is { Success: true } match
            ? int.Parse(match.Groups["status"].Value, System.Globalization.CultureInfo.InvariantCulture)
            : null;

    [GeneratedRegex(@"""code"":\s*(?<status>[1-5]\d\d)\b|\(Status: (?<status>[1-5]\d\d)\)")]
    private static partial Regex StatusPattern();
}

using Codewalkers.Agents.Providers.Parsers;

namespace Codewalkers.Agents.Providers;

/// <summary>What the output of one session said, accumulated line by line; the basis of the outcome class.</summary>
public sealed class RunObservation(ProviderDefinition provider)
{
    public string? SessionId { get; private set; }
    public bool SawResult { get; private set; }
    public bool ResultIsError { get; private set; }
    public string? ResultText { get; private set; }
    public int? ApiErrorStatus { get; private set; }
    public bool UsageLimited { get; private set; }
    public DateTimeOffset? UsageLimitResetsAt { get; private set; }
    public bool AuthFailed { get; private set; }
    public decimal? CostUsd { get; private set; }
    public long? InputTokens { get; private set; }
    public long? OutputTokens { get; private set; }
    public long? CacheReadTokens { get; private set; }
    public long? CacheWriteTokens { get; private set; }
    /// <summary>The model the result named, else the one the session started with; null: the stream never said.</summary>
    public string? Model { get; private set; }
    public long? DurationMs { get; private set; }
    /// <summary>The tokens per model, when the CLI broke them down; see <see cref="ModelsAreThreadTotal"/>.</summary>
    public IReadOnlyList<ModelTokens>? Models { get; private set; }
    /// <summary>
    /// <see cref="Models"/> is the thread's running total (each result line repeats it, grown), not this session's own.
    /// </summary>
    public bool ModelsAreThreadTotal { get; private set; }
    public string? LastError { get; private set; }
    public bool SessionNotFound { get; private set; }

    public void Apply(ProviderEvent e)
    {
        switch (e.Kind)
        {
            case ProviderEventKind.Session:
                SessionId = e.SessionId;
                Model ??= e.Model;
                break;
            case ProviderEventKind.RateLimited:
                UsageLimited = true;
                UsageLimitResetsAt = e.ResetsAt ?? UsageLimitResetsAt ?? provider.UsageLimitReset(e.Text);
                break;
            case ProviderEventKind.AuthFailed:
                AuthFailed = true;
                LastError = e.Text;
                break;
            case ProviderEventKind.Error:
                LastError = e.Text;
                CheckText(e.Text, fatal: e.IsError);
                break;
            case ProviderEventKind.Text:
                break;
            case ProviderEventKind.Result:
                SawResult = true;
                ResultIsError = e.IsError;
                ResultText = e.Text;
                ApiErrorStatus = e.ApiErrorStatus;
                SessionId = e.SessionId ?? SessionId;
                CostUsd = e.CostUsd is { } cost ? (CostUsd ?? 0) + cost : CostUsd;
                InputTokens = Add(InputTokens, e.InputTokens);
                OutputTokens = Add(OutputTokens, e.OutputTokens);
                CacheReadTokens = Add(CacheReadTokens, e.CacheReadTokens);
                CacheWriteTokens = Add(CacheWriteTokens, e.CacheWriteTokens);
                Model = e.Model ?? Model;
                DurationMs = e.DurationMs is { } duration ? (DurationMs ?? 0) + duration : DurationMs;
                if (e.Models is { } models)
                {
                    Models = e.ModelsAreThreadTotal || Models is null ? models : AddModels(Models, models);
                    ModelsAreThreadTotal = e.ModelsAreThreadTotal;
                }
                if (e.IsError)
                {
                    CheckText(e.Text, fatal: true);
                    if (e.ApiErrorStatus is 401 or 403) AuthFailed = true;
                }
                break;
        }
    }

    /// <summary>A count no line reported stays unknown (null), never zero.</summary>
    private static long? Add(long? sum, long? more) => more is { } value ? (sum ?? 0) + value : sum;

    private static List<ModelTokens> AddModels(IEnumerable<ModelTokens> sum, IEnumerable<ModelTokens> more) =>
        [.. sum.Concat(more).GroupBy(m => m.Model).Select(g => new ModelTokens(g.Key,
            g.Select(m => m.Input).Aggregate(Add), g.Select(m => m.Output).Aggregate(Add),
            g.Select(m => m.CacheRead).Aggregate(Add), g.Select(m => m.CacheWrite).Aggregate(Add)))];

    private void CheckText(string? text, bool fatal)
    {
        if (provider.MatchesSessionNotFound(text)) SessionNotFound = true;
        if (provider.MatchesUsageLimit(text))
        {
            UsageLimited = true;
            UsageLimitResetsAt ??= provider.UsageLimitReset(text);
        }
        else if (fatal && provider.MatchesAuthFailure(text)) AuthFailed = true;
    }

    /// <summary>A server-side hiccup (5xx, overloaded, transient rate limit) worth a retry.</summary>
    public bool TransientApiError => ApiErrorStatus is >= 500 or 529
        || (ResultIsError && !UsageLimited && provider.MatchesTransientError(ResultText));
}

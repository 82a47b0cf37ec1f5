using System.Text.RegularExpressions;

namespace Codewalkers.Agents.Providers;

/// <summary>
/// One agent CLI, described as data (Providers/providers.json plus configuration overrides). Argument templates
/// may use {prompt}, {promptFile}, {sessionId} and {workdir}; an argument that is only a placeholder with no value
/// is dropped together with its preceding flag.
/// </summary>
public sealed record ProviderDefinition
{
    public string Name { get; init; } = "";
    public string Executable { get; init; } = "";
    /// <summary>How a person installs the CLI, for the message that says it is missing.</summary>
    public string? InstallHint { get; init; }
    /// <summary>
    /// A preset written from the CLI's documentation, never run by the tests: it may need adjusting before it works.
    /// </summary>
    public bool Untested { get; init; }
    public IReadOnlyList<string> SpawnArgs { get; init; } = [];
    public IReadOnlyList<string> ResumeArgs { get; init; } = [];
    /// <summary>argument (in the templates as {prompt}) or file ({promptFile}: the prompt's path).</summary>
    public string PromptPassing { get; init; } = "argument";
    /// <summary>claude-stream-json | codex-jsonl | gemini-stream-json | opencode-json | text. Required.</summary>
    public string Parser { get; init; } = "";
    /// <summary>output (the parser reports it) or none (the provider cannot resume).</summary>
    public string SessionIdSource { get; init; } = "output";
    public string? ConfigDirEnv { get; init; }
    /// <summary>The file in an account's config dir that receives the account's credentials.</summary>
    public string CredentialsFile { get; init; } = ".credentials.json";
    /// <summary>
    /// The file in an account's config dir that receives the account's config (JSON), or null when the CLI keeps no
    /// JSON config there (the account's config is then not written).
    /// </summary>
    public string? ConfigFile { get; init; }
    /// <summary>What <see cref="ConfigFile"/> holds for an account added without a config.</summary>
    public string? DefaultConfig { get; init; }
    /// <summary>
    /// A directory whose files are copied into every account's config dir (configuration
    /// Agents:ConfigTemplates:&lt;name&gt;): settings the CLI keeps beside its login that are not the account's own,
    /// e.g. a Codex config.toml naming the model provider.
    /// </summary>
    public string? ConfigTemplate { get; init; }
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();
    public IReadOnlyList<string> RemoveEnvironment { get; init; } = [];
    /// <summary>
    /// Where the CLI keeps session transcripts inside its config dir, carried over on an account switch.
    /// </summary>
    public string? TranscriptDirectory { get; init; }
    /// <summary>
    /// The usage the CLI prints is its thread's running total (Codex: a resumed thread counts the earlier sessions
    /// again), so a session's own tokens are that total less the earlier sessions' of the same thread.
    /// </summary>
    public bool UsageIsThreadTotal { get; init; }
    /// <summary>
    /// Where a session's model is read: <c>output</c> (the parser reports it) or <c>codex-rollout</c> (Codex's exec
    /// stream never names it; the thread's rollout file in its config dir does, see <see cref="CodexRollout"/>).
    /// </summary>
    public string ModelSource { get; init; } = "output";
    public IReadOnlyList<string> UsageLimitPatterns { get; init; } = [];
    public IReadOnlyList<string> AuthFailurePatterns { get; init; } = [];
    /// <summary>
    /// The CLI could not find the session to resume (it died before saving it): start afresh instead.
    /// </summary>
    public IReadOnlyList<string> SessionNotFoundPatterns { get; init; } = [];
    /// <summary>
    /// A failed result whose text matches is a server-side hiccup (overloaded, 5xx), worth a retry: the CLIs print
    /// such errors without the HTTP status.
    /// </summary>
    public IReadOnlyList<string> TransientErrorPatterns { get; init; } = [];

    /// <summary>Refuses to start an agent on a CLI that is not installed, saying how to install it.</summary>
    public void EnsureInstalled()
    {
        if (ExecutableLookup.Resolve(Executable) is not null) return;
        throw new Codewalkers.SharedKernel.Errors.ConflictException(
            $"The {Name} CLI is not installed: '{Executable}' is not on the agents service's PATH. "
            + (InstallHint is null ? "" : $"Install it ({InstallHint}), or ")
            + $"point Agents:Executables:{Name} at it.", "Agent CLI not installed");
    }

    /// <summary>
    /// The config dir a run without an account used: <see cref="ConfigDirEnv"/> as the launch set it (the service's
    /// Agents:Environment, else this provider's environment, else the service's own); null: the CLI's default.
    /// </summary>
    public string? SharedConfigDir(IReadOnlyDictionary<string, string> serviceEnvironment) =>
        ConfigDirEnv is not { } variable ? null
            : serviceEnvironment.GetValueOrDefault(variable) ?? Environment.GetValueOrDefault(variable)
                ?? System.Environment.GetEnvironmentVariable(variable);

    public bool CanResume => SessionIdSource != "none" && ResumeArgs.Count > 0;

    public bool MatchesUsageLimit(string? text) => Matches(UsageLimitPatterns, text);

    public bool MatchesAuthFailure(string? text) => Matches(AuthFailurePatterns, text);

    public bool MatchesSessionNotFound(string? text) => Matches(SessionNotFoundPatterns, text);

    public bool MatchesTransientError(string? text) => Matches(TransientErrorPatterns, text);

    /// <summary>The reset time when the text carries an epoch (old Claude format), else null.</summary>
    public DateTimeOffset? UsageLimitReset(string? text)
    {
        if (text is null) return null;
        foreach (var pattern in UsageLimitPatterns)
        {
            var match = Regex.Match(text, pattern, RegexOptions.None, TimeSpan.FromSeconds(1));
            if (match.Success && match.Groups["epoch"] is { Success: true } epoch
                && long.TryParse(epoch.Value, out var seconds))
                return DateTimeOffset.FromUnixTimeSeconds(seconds > 100_000_000_000 ? seconds / 1000 : seconds);
        }
        return null;
    }

    public IReadOnlyList<string> BuildArguments(bool resume, string prompt, string promptFile, string? sessionId,
        string workdir)
    {
        var template = resume ? ResumeArgs : SpawnArgs;
        var values = new Dictionary<string, string?>
        {
            ["{prompt}"] = prompt, ["{promptFile}"] = promptFile, ["{sessionId}"] = sessionId, ["{workdir}"] = workdir,
        };
        var args = new List<string>();
        foreach (var arg in template)
        {
            if (values.TryGetValue(arg, out var whole))
            {
                if (whole is null)
                {
                    if (args.Count > 0 && args[^1].StartsWith('-')) args.RemoveAt(args.Count - 1);
                    continue;
                }
                args.Add(whole);
                continue;
            }
            var replaced = arg;
            foreach (var (key, value) in values)
                replaced = replaced.Replace(key, value ?? "", StringComparison.Ordinal);
            args.Add(replaced);
        }
        return args;
    }

    private static bool Matches(IReadOnlyList<string> patterns, string? text) =>
        text is not null && patterns.Any(p => Regex.IsMatch(text, p, RegexOptions.None, TimeSpan.FromSeconds(1)));
}

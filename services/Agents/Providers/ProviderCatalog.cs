using System.Text.Json;
using Codewalkers.SharedKernel.Errors;

namespace Codewalkers.Agents.Providers;

/// <summary>
/// The providers this service can run: the shipped providers.json, an optional extra file (Agents:ProvidersFile)
/// whose entries add to or replace the shipped ones, and per-provider executable overrides
/// (Agents:Executables:&lt;name&gt;) and account config templates (Agents:ConfigTemplates:&lt;name&gt;). Adding a
/// provider is an entry in a file, not code.
/// </summary>
public sealed class ProviderCatalog
{
    /// <summary>The provider of a spawn that names none, unless Agents:DefaultProvider says another.</summary>
    public const string ShippedDefaultProvider = "claude";
    private static readonly JsonSerializerOptions Json =
        new(JsonSerializerDefaults.Web) { ReadCommentHandling = JsonCommentHandling.Skip };
    private readonly Dictionary<string, ProviderDefinition> _providers;

    public ProviderCatalog(IEnumerable<ProviderDefinition> providers, string defaultProvider = ShippedDefaultProvider)
    {
        _providers = providers.ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);
        if (!_providers.ContainsKey(defaultProvider))
            throw new InvalidOperationException(
                $"Agents:DefaultProvider names unknown provider '{defaultProvider}'. Known: {KnownNames}.");
        DefaultProvider = defaultProvider;
    }

    /// <summary>
    /// What runs a spawn that names no provider: the agents of an initiative that lists no providers, and direct spawns
    /// that name none.
    /// </summary>
    public string DefaultProvider { get; }

    private string KnownNames => string.Join(", ", _providers.Keys.Order());

    public IReadOnlyCollection<ProviderDefinition> All => _providers.Values;

    public ProviderDefinition Get(string? name)
    {
        var key = string.IsNullOrWhiteSpace(name) ? DefaultProvider : name;
        return _providers.TryGetValue(key, out var provider)
            ? provider
            : throw new ValidationException("provider",
                $"Unknown provider '{key}'. Known: {KnownNames}.");
    }

    public static ProviderCatalog Load(IConfiguration configuration)
    {
        var shipped = Path.Combine(AppContext.BaseDirectory, "Providers", "providers.json");
        var providers = ReadFile(shipped);
        if (configuration["Agents:ProvidersFile"] is { Length: > 0 } extra)
            foreach (var (name, provider) in ReadFile(extra)) providers[name] = provider;
        foreach (var name in providers.Keys.ToList())
        {
            if (configuration[$"Agents:Executables:{name}"] is { Length: > 0 } executable)
                providers[name] = providers[name] with { Executable = executable };
            if (configuration[$"Agents:ConfigTemplates:{name}"] is { Length: > 0 } template)
                providers[name] = providers[name] with { ConfigTemplate = template };
        }
        return new ProviderCatalog(providers.Values,
            configuration["Agents:DefaultProvider"] is { Length: > 0 } chosen ? chosen : ShippedDefaultProvider);
    }

    public static Dictionary<string, ProviderDefinition> ReadFile(string path)
    {
        using var stream = File.OpenRead(path);
        var file = JsonSerializer.Deserialize<ProvidersFile>(stream, Json)
            ?? throw new InvalidOperationException($"{path} holds no providers.");
        var result = new Dictionary<string, ProviderDefinition>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, provider) in file.Providers)
        {
            if (Problem(provider) is { } problem)
                throw new InvalidOperationException($"{path}: provider '{name}' {problem}.");
            result[name] = provider with { Name = name };
        }
        return result;
    }

    /// <summary>
    /// What makes an entry unusable, said with the field's name as the file spells it, or null. Checked when the
    /// service starts, so a broken preset stops it there rather than failing every spawn that names it.
    /// </summary>
    private static string? Problem(ProviderDefinition provider)
    {
        if (string.IsNullOrWhiteSpace(provider.Executable)) return Missing("executable");
        if (provider.SpawnArgs.Count == 0) return Missing("spawnArgs");
        if (string.IsNullOrWhiteSpace(provider.Parser)) return Missing("parser");
        if (!Parsers.OutputParsers.Known.Contains(provider.Parser))
            return $"names unknown parser '{provider.Parser}' (known: {string.Join(", ", Parsers.OutputParsers.Known)})";
        var promptPlaceholder = provider.PromptPassing switch
        {
            "argument" => "{prompt}",
            "file" => "{promptFile}",
            _ => null,
        };
        if (promptPlaceholder is null)
            return $"has promptPassing '{provider.PromptPassing}' (expected argument or file)";
        if (!provider.SpawnArgs.Any(a => a.Contains(promptPlaceholder, StringComparison.Ordinal)))
            return $"passes no {promptPlaceholder} in spawnArgs (promptPassing is {provider.PromptPassing})";
        if (provider.SessionIdSource is not ("output" or "none"))
            return $"has sessionIdSource '{provider.SessionIdSource}' (expected output or none)";
        if (provider.ModelSource is not ("output" or "codex-rollout"))
            return $"has modelSource '{provider.ModelSource}' (expected output or codex-rollout)";
        if (provider.CanResume && !provider.ResumeArgs.Any(a => a.Contains("{sessionId}", StringComparison.Ordinal)))
            return "passes no {sessionId} in resumeArgs";
        foreach (var (field, patterns) in new[]
        {
            ("usageLimitPatterns", provider.UsageLimitPatterns), ("authFailurePatterns", provider.AuthFailurePatterns),
            ("sessionNotFoundPatterns", provider.SessionNotFoundPatterns),
            ("transientErrorPatterns", provider.TransientErrorPatterns),
        })
        {
            foreach (var pattern in patterns)
            {
                try { _ = new System.Text.RegularExpressions.Regex(pattern); }
                catch (ArgumentException e) { return $"has an invalid regex in {field}: '{pattern}' ({e.Message})"; }
            }
        }
        return null;

        static string Missing(string field) => $"is missing the required field '{field}'";
    }

    private sealed record ProvidersFile(Dictionary<string, ProviderDefinition> Providers);
}

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
            if (!Parsers.OutputParsers.Known.Contains(provider.Parser))
                throw new InvalidOperationException(
                    $"{path}: provider '{name}' names unknown parser '{provider.Parser}'.");
            result[name] = provider with { Name = name };
        }
        return result;
    }

    private sealed record ProvidersFile(Dictionary<string, ProviderDefinition> Providers);
}

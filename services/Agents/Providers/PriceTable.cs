using System.Text.Json;
using System.Text.RegularExpressions;
using Codewalkers.Agents.Domain;
using Codewalkers.Agents.Providers.Parsers;
using Codewalkers.Agents.Workspace;
using Codewalkers.ServiceDefaults;

namespace Codewalkers.Agents.Providers;

/// <summary>What a model costs, in USD per million tokens of each kind, and the day the figures were set.</summary>
public sealed record ModelPrice(decimal Input, decimal Output, decimal CacheRead, decimal CacheWrite, DateOnly SetOn)
{
    /// <summary>The price applied to one model's tokens.</summary>
    public decimal CostOf(ModelTokens tokens) =>
        ((tokens.Input ?? 0) * Input + (tokens.Output ?? 0) * Output + (tokens.CacheRead ?? 0) * CacheRead
            + (tokens.CacheWrite ?? 0) * CacheWrite) / 1_000_000m;
}

/// <summary>
/// Prices per model as data: the shipped <c>Providers/prices.json</c>, under the prices a user set at run time, kept in
/// <c>$CW_HOME/data/prices.json</c> (written whole, then renamed) so they outlive a restart.
/// </summary>
public sealed partial class PriceTable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };
    private readonly IReadOnlyDictionary<string, ModelPrice> _shipped;
    private readonly string _file;
    private readonly Lock _gate = new();
    private Dictionary<string, ModelPrice> _set;

    public PriceTable(IConfiguration configuration)
    {
        _shipped = Read(Path.Combine(AppContext.BaseDirectory, "Providers", "prices.json"));
        _file = Path.Combine(CodewalkersHome.From(configuration).DataDirectory, "prices.json");
        _set = File.Exists(_file) ? new Dictionary<string, ModelPrice>(Read(_file)) : [];
    }

    /// <summary>Every priced model with where its price comes from (shipped | set), by name.</summary>
    public IReadOnlyList<(string Model, ModelPrice Price, string Source)> All
    {
        get
        {
            var set = _set;
            return [.. _shipped.Where(p => !set.ContainsKey(p.Key)).Select(p => (p.Key, p.Value, "shipped"))
                .Concat(set.Select(p => (p.Key, p.Value, "set"))).OrderBy(p => p.Item1, StringComparer.Ordinal)];
        }
    }

    /// <summary>
    /// The price of <paramref name="model"/>: its own entry, else that of the model it is a dated snapshot of
    /// (claude-sonnet-4-5-20250929 -> claude-sonnet-4-5); null: unpriced, so its cost is unknown.
    /// </summary>
    public ModelPrice? For(string? model)
    {
        if (model is null) return null;
        var set = _set;
        if (set.TryGetValue(model, out var price) || _shipped.TryGetValue(model, out price)) return price;
        return DatedSnapshot().Match(model) is { Success: true } snapshot ? For(snapshot.Groups["model"].Value) : null;
    }

    /// <summary>
    /// What a session cost: each model it used at that model's price. Null (unknown) when its output reported no usage
    /// or one of its models has no price.
    /// </summary>
    public decimal? CostOf(AgentSession session)
    {
        if (!session.HasUsage) return null;
        decimal cost = 0;
        foreach (var tokens in session.ModelFigures())
        {
            if (For(tokens.Model is { Length: > 0 } model ? model : null) is not { } price) return null;
            cost += price.CostOf(tokens);
        }
        return cost;
    }

    public void Set(string model, ModelPrice price)
    {
        lock (_gate)
        {
            var next = new Dictionary<string, ModelPrice>(_set) { [model] = price };
            Directory.CreateDirectory(Path.GetDirectoryName(_file)!);
            AgentFiles.WriteAtomically(_file, JsonSerializer.Serialize(new PriceFile(next), Json));
            _set = next;
        }
    }

    private static Dictionary<string, ModelPrice> Read(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<PriceFile>(File.ReadAllText(path), Json)?.Prices
                ?? throw new InvalidOperationException($"The price file {path} has no \"prices\".");
        }
        catch (JsonException ex)
        {
            throw new InvalidOperationException($"The price file {path} is not valid: {ex.Message}", ex);
        }
    }

    private sealed record PriceFile(Dictionary<string, ModelPrice> Prices);

    [GeneratedRegex(@"^(?<model>.+)-\d{8}$")]
    private static partial Regex DatedSnapshot();
}

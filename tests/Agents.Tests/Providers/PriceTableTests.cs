using Codewalkers.Agents.Providers;

namespace Codewalkers.Agents.Tests.Providers;

/// <summary>
/// The shipped price table under the prices set at run time: kept in $CW_HOME/data/prices.json across a restart, and
/// matched by a model's dated snapshot.
/// </summary>
public sealed class PriceTableTests : IDisposable
{
    private readonly string _home = Directory.CreateTempSubdirectory("cw-prices-").FullName;

    private PriceTable Table() => new(new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?> { ["CW_HOME"] = _home }).Build());

    [Fact]
    public void A_set_price_outlives_a_restart_and_wins_over_the_shipped_one()
    {
        var shipped = Table().For("claude-sonnet-4-5")!;
        Assert.Equal((3m, 15m, 0.3m, 3.75m), (shipped.Input, shipped.Output, shipped.CacheRead, shipped.CacheWrite));

        Table().Set("claude-sonnet-4-5", new ModelPrice(2, 10, 0.2m, 2.5m, new DateOnly(2026, 12, 7)));
        var restarted = Table();

        Assert.Equal((2m, new DateOnly(2026, 12, 7)), (restarted.For("claude-sonnet-4-5")!.Input,
            restarted.For("claude-sonnet-4-5")!.SetOn));
        Assert.Contains(restarted.All, p => p.Model == "claude-sonnet-4-5" && p.Source == "set");
        Assert.Contains(restarted.All, p => p.Model == "claude-haiku-4-5" && p.Source == "shipped");
        Assert.True(File.Exists(Path.Combine(_home, "data", "prices.json")));
    }

    [Fact]
    public void A_dated_snapshot_uses_its_models_price_and_an_unknown_model_has_none()
    {
        var table = Table();

        Assert.Equal(table.For("claude-haiku-4-5"), table.For("claude-haiku-4-5-20251001"));
        Assert.Null(table.For("claude-haiku-4-7"));
        Assert.Null(table.For("gpt-fake"));
        Assert.Null(table.For(null));
    }

    public void Dispose() => Directory.Delete(_home, recursive: true);
}

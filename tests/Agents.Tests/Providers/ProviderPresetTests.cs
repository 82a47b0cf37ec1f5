using Codewalkers.Agents.Providers;

namespace Codewalkers.Agents.Tests.Providers;

/// <summary>
/// The shipped presets, and a preset file with a broken entry: the service refuses to start, naming the provider and
/// the field, instead of failing every spawn that names it.
/// </summary>
public class ProviderPresetTests
{
    [Fact]
    public void The_shipped_file_has_the_seven_presets_of_the_original_plus_copilot_and_qwen_the_untested_marked()
    {
        var catalog = ProviderCatalog.Load(new ConfigurationBuilder().Build());

        Assert.Equal(
            ["amp", "auggie", "claude", "codex", "copilot", "cursor", "gemini", "opencode", "qwen"],
            catalog.All.Select(p => p.Name).Order());
        Assert.Equal(
            ["amp", "auggie", "copilot", "cursor", "qwen"],
            catalog.All.Where(p => p.Untested).Select(p => p.Name).Order());
    }

    [Theory]
    [InlineData("executable", """ "spawnArgs": ["{prompt}"], "parser": "text" """)]
    [InlineData("spawnArgs", """ "executable": "x", "parser": "text" """)]
    [InlineData("parser", """ "executable": "x", "spawnArgs": ["{prompt}"] """)]
    public void A_preset_missing_a_required_field_stops_the_start_naming_the_provider_and_the_field(
        string field, string entry)
    {
        var error = LoadWith($$"""{ "providers": { "broken-cli": { {{entry}} } } }""");

        Assert.Contains("provider 'broken-cli' is missing the required field", error.Message);
        Assert.EndsWith($"'{field}'.", error.Message);
    }

    [Theory]
    [InlineData(""" "parser": "xml" """, "names unknown parser 'xml'")]
    [InlineData(""" "parser": "text", "promptPassing": "stdin" """, "promptPassing 'stdin'")]
    [InlineData(""" "parser": "text", "promptPassing": "file" """, "passes no {promptFile} in spawnArgs")]
    [InlineData(""" "parser": "text", "resumeArgs": ["--resume"] """, "passes no {sessionId} in resumeArgs")]
    [InlineData(""" "parser": "text", "usageLimitPatterns": ["(unclosed"] """, "invalid regex in usageLimitPatterns")]
    public void A_preset_with_an_unusable_value_stops_the_start_saying_which(string fields, string expected)
    {
        var error = LoadWith(
            $$"""{ "providers": { "odd-cli": { "executable": "x", "spawnArgs": ["{prompt}"], {{fields}} } } }""");

        Assert.Contains("provider 'odd-cli'", error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public async Task The_agents_service_does_not_start_with_a_broken_preset()
    {
        var file = Path.GetTempFileName();
        File.WriteAllText(file, """{ "providers": { "broken-cli": { "spawnArgs": ["{prompt}"], "parser": "text" } } }""");
        var factory = new BrokenPresetFactory(file);
        try
        {
            var error = await Assert.ThrowsAnyAsync<Exception>(factory.InitializeAsync);
            Assert.Contains("provider 'broken-cli' is missing the required field 'executable'",
                error.GetBaseException().Message);
        }
        finally
        {
            await ((IAsyncLifetime)factory).DisposeAsync();
            File.Delete(file);
        }
    }

    private static InvalidOperationException LoadWith(string json)
    {
        var file = Path.GetTempFileName();
        File.WriteAllText(file, json);
        try
        {
            var configuration = new ConfigurationBuilder()
                .AddInMemoryCollection(new Dictionary<string, string?> { ["Agents:ProvidersFile"] = file }).Build();
            return Assert.Throws<InvalidOperationException>(() => ProviderCatalog.Load(configuration));
        }
        finally
        {
            File.Delete(file);
        }
    }

    private sealed class BrokenPresetFactory(string providersFile) : Infrastructure.AgentsFactory
    {
        protected override IDictionary<string, string> Settings =>
            new Dictionary<string, string> { ["Agents:ProvidersFile"] = providersFile };
    }
}

using Codewalkers.Agents.Providers;
using Codewalkers.SharedKernel.Errors;

namespace Codewalkers.Agents.Tests.Providers;

public class ProviderCatalogTests
{
    [Fact]
    public void The_shipped_file_has_claude_codex_and_gemini_with_their_config_dir_variables()
    {
        var catalog = ProviderCatalog.Load(new ConfigurationBuilder().Build());
        Assert.Equal(
            ("CLAUDE_CONFIG_DIR", "CODEX_HOME", "GEMINI_CLI_HOME"),
            (catalog.Get("claude").ConfigDirEnv, catalog.Get("codex").ConfigDirEnv,
                catalog.Get("gemini").ConfigDirEnv));
        Assert.Equal("claude", catalog.Get(null).Name);
        Assert.Throws<ValidationException>(() => catalog.Get("no-such-cli"));
    }

    [Fact]
    public void Resume_arguments_carry_the_session_and_the_prompt_as_one_argument()
    {
        var claude = ProviderCatalog.Load(new ConfigurationBuilder().Build()).Get("claude");
        var args = claude.BuildArguments(resume: true, "answer: \"yes\"; rm -rf /", "/p.md", "sess-9", "/w");
        Assert.Equal(["-p", "answer: \"yes\"; rm -rf /", "--resume", "sess-9"], args.Take(4));
        var codex = ProviderCatalog.Load(new ConfigurationBuilder().Build()).Get("codex");
        Assert.Equal(["resume", "t-1", "go"], codex.BuildArguments(true, "go", "/p", "t-1", "/w").TakeLast(3));
    }

    [Fact]
    public void A_new_provider_is_an_entry_in_a_file_and_executables_are_configurable()
    {
        var file = Path.GetTempFileName();
        const string echoArgs = """["{prompt}"], "resumeArgs": []""";
        File.WriteAllText(file, $$"""
            { "providers": { "echo": { "executable": "echo", "spawnArgs": {{echoArgs}}, "parser": "text",
              "sessionIdSource": "none", "usageLimitPatterns": ["limit!"] } } }
            """);
        try
        {
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Agents:ProvidersFile"] = file, ["Agents:Executables:claude"] = "/opt/claude/bin/claude",
            }).Build();
            var catalog = ProviderCatalog.Load(configuration);
            var echo = catalog.Get("echo");
            Assert.Equal(["hi"], echo.BuildArguments(false, "hi", "/p", null, "/w"));
            Assert.False(echo.CanResume);
            Assert.True(echo.MatchesUsageLimit("we hit the limit!"));
            Assert.Equal("/opt/claude/bin/claude", catalog.Get("claude").Executable);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void A_file_naming_an_unknown_parser_is_refused()
    {
        var file = Path.GetTempFileName();
        File.WriteAllText(file, """{ "providers": { "x": { "executable": "x", "parser": "xml" } } }""");
        try { Assert.Throws<InvalidOperationException>(() => ProviderCatalog.ReadFile(file)); }
        finally { File.Delete(file); }
    }

    [Fact]
    public void A_spawn_naming_no_provider_runs_the_configured_default()
    {
        var settings = new Dictionary<string, string?> { ["Agents:DefaultProvider"] = "codex" };
        var catalog = ProviderCatalog.Load(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        Assert.Equal(("codex", "claude"), (catalog.Get(null).Name, catalog.Get("claude").Name));
        Assert.Equal("claude", ProviderCatalog.Load(new ConfigurationBuilder().Build()).Get(null).Name);
    }

    [Fact]
    public void A_default_provider_that_does_not_exist_stops_the_start_naming_the_setting()
    {
        var settings = new Dictionary<string, string?> { ["Agents:DefaultProvider"] = "codx" };
        var error = Assert.Throws<InvalidOperationException>(
            () => ProviderCatalog.Load(new ConfigurationBuilder().AddInMemoryCollection(settings).Build()));
        Assert.Contains("Agents:DefaultProvider", error.Message);
        Assert.Contains("codx", error.Message);
    }

    [Fact]
    public void Codex_accounts_get_auth_json_and_claude_accounts_their_two_files()
    {
        var catalog = ProviderCatalog.Load(new ConfigurationBuilder().Build());
        var (codex, claude) = (catalog.Get("codex"), catalog.Get("claude"));
        Assert.Equal(("auth.json", null), (codex.CredentialsFile, codex.ConfigFile));
        Assert.Equal((".credentials.json", ".claude.json"), (claude.CredentialsFile, claude.ConfigFile));
    }
}

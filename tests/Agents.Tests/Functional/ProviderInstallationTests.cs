using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Codewalkers.Agents.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Agents.Tests.Functional;

/// <summary>
/// A provider whose CLI is not installed here: the spawn is refused at once, saying what to install, and nothing is
/// left behind; the providers list says which CLIs are installed and how many accounts each has.
/// </summary>
public sealed class ProviderInstallationTests(NoCodexAgentsFactory factory) : IClassFixture<NoCodexAgentsFactory>
{
    [Fact]
    public async Task Spawning_on_a_cli_that_is_not_installed_is_a_409_saying_how_to_install_it()
    {
        using var client = factory.CreateAuthorizedClient();
        var before = await factory.QueryAsync(db => db.Agents.CountAsync());

        var response = await client.PostAsJsonAsync("/api/agents", new { prompt = "x", provider = "codex" });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Agent CLI not installed", problem.GetProperty("title").GetString());
        Assert.Contains("npm install -g @openai/codex", problem.GetProperty("detail").GetString());
        Assert.Contains("Agents:Executables:codex", problem.GetProperty("detail").GetString());
        Assert.Equal(before, await factory.QueryAsync(db => db.Agents.CountAsync()));
    }

    [Fact]
    public async Task The_providers_list_says_which_clis_are_installed()
    {
        using var client = factory.CreateAuthorizedClient();

        var providers = await client.GetFromJsonAsync<JsonElement[]>("/api/providers");

        var claude = providers!.Single(p => p.GetProperty("name").GetString() == "claude");
        var codex = providers!.Single(p => p.GetProperty("name").GetString() == "codex");
        Assert.True(claude.GetProperty("installed").GetBoolean());
        Assert.False(codex.GetProperty("installed").GetBoolean());
        Assert.Equal(JsonValueKind.Null, codex.GetProperty("path").ValueKind);
        Assert.Contains("@openai/codex", codex.GetProperty("installHint").GetString());
    }
}

/// <summary>codex points at a path that does not exist, whether or not this machine has codex installed.</summary>
public sealed class NoCodexAgentsFactory : AgentsFactory
{
    protected override IDictionary<string, string> Settings =>
        new Dictionary<string, string> { ["Agents:Executables:codex"] = "/nonexistent/codex" };
}

using System.Net;
using System.Net.Http.Json;
using Codewalkers.Agents.Apis;
using Codewalkers.Agents.Tests.Infrastructure;
using Codewalkers.Contracts.Agents;
using Codewalkers.ServiceDefaults;
using Codewalkers.ServiceDefaults.Security;
using Codewalkers.TestSupport;

namespace Codewalkers.Agents.Tests.Functional;

/// <summary>
/// A service whose Agents:CliDirectory holds a stand-in <c>cw</c> that records how it was called: its arguments and
/// the variables an agent's <c>cw</c> needs.
/// </summary>
public sealed class CwOnPathFactory : AgentsFactory
{
    public const string ApiUrl = "http://127.0.0.1:5399";

    public string CliDirectory { get; } = Directory.CreateTempSubdirectory("cw-bin-").FullName;

    public string CallsFile => Path.Combine(CliDirectory, "calls.txt");

    public CwOnPathFactory()
    {
        var cw = Path.Combine(CliDirectory, "cw");
        File.WriteAllText(cw,
            "#!/bin/sh\n" +
            $"{{ echo \"CW_API_URL=$CW_API_URL\"; echo \"CW_AGENT_ID=$CW_AGENT_ID\"; echo \"CW_TOKEN=$CW_TOKEN\"; " +
            $"echo \"PATH=$PATH\"; for a in \"$@\"; do echo \"ARG=$a\"; done; }} > '{CallsFile}'\n" +
            "echo '{\"id\":\"t1\"}'\n");
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(cw, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    protected override IDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Agents:CliDirectory"] = CliDirectory,
        ["Agents:ApiUrl"] = ApiUrl,
    };

    protected override void CleanUp() => Directory.Delete(CliDirectory, recursive: true);
}

/// <summary>
/// What a spawned agent's process sees: the gateway's URL, its own id, a token scoped to it (not the API token), and
/// <c>cw</c> first on its PATH, so the real Claude CLI's <c>cw task add</c> runs the configured CLI.
/// </summary>
public sealed class AgentEnvironmentTests(CwOnPathFactory factory) : IClassFixture<CwOnPathFactory>
{
    [Fact]
    public async Task A_spawned_agent_runs_cw_from_its_path_with_its_url_id_and_own_scoped_token()
    {
        _ = ClaudeCli.Path;
        var client = factory.CreateAuthorizedClient();
        var marker = $"m-{Ids.New()}";
        factory.Api.Script(marker,
            Steps.Bash("cw task add \"Found along the way\" --description \"Do the other thing\""),
            Steps.Signal(new { status = "done", result = new { message = "Added a task." } }),
            Steps.Say("Done."));

        var response = await client.PostAsJsonAsync("/api/agents", new { prompt = $"Scenario {marker}." });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var agent = (await response.Content.ReadFromJsonAsync<AgentResponse>())!;
        await factory.WaitForStatusAsync(client, agent.Id, AgentStatuses.Stopped, TimeSpan.FromSeconds(120));

        Assert.True(File.Exists(factory.CallsFile), $"cw was not run.\n{factory.Describe(agent)}");
        var lines = File.ReadAllLines(factory.CallsFile);
        string Value(string name) => lines.Single(l => l.StartsWith(name + "=", StringComparison.Ordinal))[
            (name.Length + 1)..];
        Assert.Equal(CwOnPathFactory.ApiUrl, Value("CW_API_URL"));
        Assert.Equal(agent.Id, Value("CW_AGENT_ID"));
        var token = Value("CW_TOKEN");
        Assert.NotEqual(factory.Token, token);
        Assert.True(new AgentTokens(factory.Token).TryVerify(token, out var owner), token);
        Assert.Equal(agent.Id, owner);
        Assert.StartsWith(factory.CliDirectory + Path.PathSeparator, Value("PATH"));
        Assert.Equal(
            ["task", "add", "Found along the way", "--description", "Do the other thing"],
            lines.Where(l => l.StartsWith("ARG=", StringComparison.Ordinal)).Select(l => l[4..]));
    }
}

using Codewalkers.Cli.Core;
using Codewalkers.Cli.Tests.Infrastructure;

namespace Codewalkers.Cli.Tests;

public class ConnectionTests
{
    [Fact]
    public async Task An_unreachable_gateway_says_how_to_start_the_system_and_exits_with_its_code()
    {
        // A port nothing listens on: the real HTTP stack, no scripted handler.
        var output = new StringWriter();
        var error = new StringWriter();
        var host = new CliHost(name => name == "CW_TOKEN" ? "t" : null, output, error, TextReader.Null, false);

        var exitCode = await CwApp.RunAsync(["project", "list", "--api", "http://127.0.0.1:9"], host);

        Assert.Equal(ExitCodes.Unreachable, exitCode);
        Assert.Contains("Cannot reach Codewalkers at http://127.0.0.1:9/", error.ToString());
        Assert.Contains("./run.sh", error.ToString());
        Assert.DoesNotContain("   at ", error.ToString());
    }

    [Fact]
    public void The_token_comes_from_CW_TOKEN_before_the_token_file()
    {
        var home = Directory.CreateTempSubdirectory("cw-home-").FullName;
        File.WriteAllText(Path.Combine(home, "token"), "from-file\n");
        var variables = new Dictionary<string, string> { ["CW_HOME"] = home };
        var host = new CliHost(variables.GetValueOrDefault, TextWriter.Null, TextWriter.Null, TextReader.Null, false);

        Assert.Equal("from-file", Connection.Resolve(null, host).Token);
        variables["CW_TOKEN"] = "from-env";
        Assert.Equal("from-env", Connection.Resolve(null, host).Token);
    }

    [Fact]
    public void The_api_flag_wins_over_CW_API_URL()
    {
        var variables = new Dictionary<string, string> { ["CW_API_URL"] = "http://env:1" };
        var host = new CliHost(variables.GetValueOrDefault, TextWriter.Null, TextWriter.Null, TextReader.Null, false);

        Assert.Equal("http://flag:2/", Connection.Resolve("http://flag:2", host).ApiUrl.ToString());
        Assert.Equal("http://env:1/", Connection.Resolve(null, host).ApiUrl.ToString());
    }

    [Fact]
    public async Task A_rejected_token_says_where_it_came_from()
    {
        var api = new ScriptedApi().On("GET /api/projects", 401,
            """{"title":"Missing or invalid API token","status":401}""");

        var run = await Cw.RunAsync(api, "project list");

        Assert.Equal(ExitCodes.Denied, run.ExitCode);
        Assert.Contains("Missing or invalid API token", run.Error);
        Assert.Contains("CW_TOKEN", run.Error);
        Assert.DoesNotContain("test-token", run.Error);
    }

    [Fact]
    public async Task An_unknown_flag_is_a_usage_error()
    {
        var run = await Cw.RunAsync(null, "project list --bogus");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("--bogus", run.Error);
    }
}

using Codewalkers.EndToEnd.Tests.Infrastructure;
using Codewalkers.TestSupport;

namespace Codewalkers.EndToEnd.Tests.Cli;

/// <summary>
/// What a person gets wrong, through the real gateway and services: one clear line on stderr, the documented exit
/// code (docs/cli.md), nothing on stdout, never a stack trace, and nothing changed.
/// </summary>
[Collection(CodewalkersAppCollection.Name)]
public sealed class CwBadInputTests(CodewalkersApp app)
{
    [Fact]
    public async Task Unknown_ids_wrong_flags_refused_transitions_and_malformed_files_each_say_what_is_wrong()
    {
        await app.SettledAsync();
        var repo = GitRepository.In(app.Repositories);
        var name = Api.Unique("bad");
        (await app.CwAsync("project", "add", repo.Path, "--name", name)).Succeeded();
        var initiative = (await app.CwAsync("initiative", "create", $"Bad {name}", "--project", name, "--json"))
            .Succeeded().Json;
        var initiativeId = initiative.Str("id");
        var rootPageId = initiative.Str("rootPageId");

        await Refused(3, "Initiative not found", "initiative", "get", "no-such-initiative");
        await Refused(3, "not found", "task", "retry", "no-such-task");
        await Refused(2, "--colour", "initiative", "list", "--colour");
        await Refused(2, "Required argument", "initiative", "create");
        await Refused(2, "not the root of an existing git repository", "project", "add", Path.Combine(app.Repositories, "nothing-here"),
            "--name", Api.Unique("nothing"));
        // An active initiative that never ran cannot be approved.
        await Refused(4, "", "initiative", "approve", initiativeId);

        var before = (await app.CwAsync("page", "get", rootPageId)).Succeeded().Out;
        var malformed = Path.Combine(app.Repositories, $"{name}.json");
        await File.WriteAllTextAsync(malformed, "{\"type\": \"doc\", \"content\": [");
        await Refused(2, malformed, "page", "edit", rootPageId, "--file", malformed);
        await Refused(2, "missing.md", "page", "edit", rootPageId, "--file", Path.Combine(app.Repositories, "missing.md"));
        Assert.Equal(before, (await app.CwAsync("page", "get", rootPageId)).Succeeded().Out);

        var unreachable = await app.CwAsync("status", "--api", "http://127.0.0.1:9");
        Assert.Equal(5, unreachable.ExitCode);
        Assert.Contains("./run.sh", unreachable.Error);
    }

    private async Task Refused(int exitCode, string says, params string[] args)
    {
        var run = await app.CwAsync(args);
        Assert.True(run.ExitCode == exitCode, $"`{run.CommandLine}` exited {run.ExitCode}, not {exitCode}:\n{run.Error}");
        Assert.Contains(says, run.Error, StringComparison.OrdinalIgnoreCase);
        Assert.StartsWith("cw: ", run.Error);
        Assert.DoesNotContain("   at ", run.Error);
        Assert.DoesNotContain("Exception", run.Error);
        Assert.Equal("", run.Out);
    }
}

using System.Text.Json;
using Codewalkers.EndToEnd.Tests.Infrastructure;
using Codewalkers.TestSupport;

namespace Codewalkers.EndToEnd.Tests.Cli;

/// <summary>
/// A person drives a whole initiative with `cw` alone (the launcher ./run.sh's AppHost writes to $CW_HOME/bin, a
/// child process per command, as in a terminal): register, create, plan, accept, detail, approve, execute with the
/// watch, approve the result, which lands on the project's main branch. The agents are the real Claude CLI.
/// </summary>
[Collection(CodewalkersAppCollection.Name)]
public sealed class WholeInitiativeTests(CodewalkersApp app)
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task An_initiative_planned_executed_and_approved_with_cw_lands_on_main()
    {
        await app.SettledAsync();
        var repo = GitRepository.In(app.Repositories);
        repo.Git("config", "receive.denyCurrentBranch", "updateInstead");
        var run = Api.Unique("cli");
        var name = $"tool-{run}";

        var added = (await app.CwAsync("project", "add", repo.Path, "--name", name)).Succeeded();
        Assert.Contains($"Project {name} added", added.Out);
        var listed = (await app.CwAsync("project", "list")).Succeeded();
        Assert.Contains(name, listed.Out);

        var initiativeId = (await app.CwAsync("initiative", "create", $"Tool {run}", "--project", name, "--yolo",
            "--json")).Succeeded().Json.GetProperty("id").GetString()!;

        var plan = $"plan-{run}";
        app.Model.Script(plan,
            Steps.Write(".cw/output/phases/a.md", "---\ntitle: Phase A\n---\nThe only part."),
            Steps.Signal(new { status = "done" }),
            Steps.Say("Planned."));
        (await CwAsync("architect", "plan", initiativeId, "--context", plan, "--wait")).Succeeded();
        var proposals = (await app.CwAsync("proposal", "list", "--initiative", initiativeId)).Succeeded();
        Assert.Contains("Phase A", proposals.Out);
        (await app.CwAsync("proposal", "accept-all", "--initiative", initiativeId)).Succeeded();

        var phases = (await app.CwAsync("phase", "list", "--initiative", initiativeId, "--json")).Succeeded().Json;
        var phaseId = Items(phases).Single(p => p.GetProperty("name").GetString() == "Phase A")
            .GetProperty("id").GetString()!;
        var detail = $"detail-{run}";
        app.Model.Script(detail,
            Steps.Write(".cw/output/tasks/one.md",
                $"---\ntitle: Write one\ncategory: execute\n---\nWrite one.txt. exec-one-{run}"),
            Steps.Write(".cw/output/tasks/two.md",
                $"---\ntitle: Write two\ndependencies: [one]\n---\nWrite two.txt. exec-two-{run}"),
            Steps.Signal(new { status = "done" }),
            Steps.Say("Detailed."));
        (await CwAsync("architect", "detail", phaseId, "--context", detail, "--wait")).Succeeded();
        (await app.CwAsync("proposal", "accept-all", "--initiative", initiativeId)).Succeeded();
        var tree = (await app.CwAsync("initiative", "tree", initiativeId)).Succeeded();
        Assert.Contains("Write one", tree.Out);
        Assert.Contains("Write two", tree.Out);

        ScriptCommit(name, $"exec-one-{run}", "one.txt");
        ScriptCommit(name, $"exec-two-{run}", "two.txt");
        (await app.CwAsync("phase", "approve", phaseId)).Succeeded();
        var watch = (await CwAsync("initiative", "execute", initiativeId, "--watch", "--interval", "0.5"))
            .Succeeded();
        // Piped, the watch prints a line per change and ends with everything done.
        Assert.Contains("2/2 done", watch.Out);

        var approved = (await CwAsync("initiative", "approve", initiativeId, "--wait")).Succeeded();
        Assert.NotEmpty(approved.Out);
        await Eventually.TrueAsync(async () =>
                (await app.CwAsync("initiative", "get", initiativeId, "--json")).Succeeded()
                .Json.GetProperty("status").GetString() == "completed",
            "the initiative completed", Patience);
        Assert.Equal("one\n", await File.ReadAllTextAsync(Path.Combine(repo.Path, "one.txt")));
        Assert.Equal("two\n", await File.ReadAllTextAsync(Path.Combine(repo.Path, "two.txt")));
    }

    private Task<CwRun> CwAsync(params string[] args) => CwCommandLine.RunAsync(app, args, Patience);

    private static IEnumerable<JsonElement> Items(JsonElement list) =>
        list.ValueKind == JsonValueKind.Array ? list.EnumerateArray() : list.GetProperty("items").EnumerateArray();

    private void ScriptCommit(string projectName, string marker, string file) =>
        app.Model.Script(marker,
            Steps.Bash($"cd {projectName} && printf '{file[..^4]}\\n' > {file} && git add {file} "
                + $"&& git -c user.name=agent -c user.email=agent@cw commit -q -m 'Add {file}'"),
            Steps.Signal(new { status = "done", result = new { message = $"Added {file}" } }),
            Steps.Say("Done."));
}

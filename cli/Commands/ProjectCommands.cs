using System.CommandLine;
using System.Text.Json;
using Codewalkers.Cli.Core;

namespace Codewalkers.Cli.Commands;

/// <summary>`cw project`: the git repositories agents work on.</summary>
public sealed class ProjectCommands : ICommandGroup
{
    private static readonly Column[] Columns =
        [new("ID", "id"), new("NAME", "name"), new("BRANCH", "defaultBranch"), new("URL", "url")];

    public Command Build() => new("project", "Register and inspect the git projects agents work on.")
    {
        Add(), Update(), List(), Get(), Remove(),
    };

    private static Command Add()
    {
        var url = new Argument<string>("url") { Description = "Clone URL or local path of the repository." };
        var name = new Option<string?>("--name") { Description = "Project name (default: the repository's name)." };
        var branch = new Option<string?>("--branch")
        {
            Description = "The branch initiatives merge into (default: main).",
        };
        var (verify, verifyTimeout) = VerifyOptions();
        return new Command("add", "Register a git project; the system clones it and checks the branch.")
        {
            url, name, branch, verify, verifyTimeout,
        }.Does(async (context, parse, ct) =>
        {
            var location = LocalPathOrUrl(parse.GetRequiredValue(url));
            var project = await context.Api.PostAsync("api/projects", new
            {
                name = parse.GetValue(name) ?? RepositoryName(location),
                url = location,
                defaultBranch = parse.GetValue(branch) ?? "main",
                verifyCommand = parse.GetValue(verify),
                verifyTimeoutSeconds = parse.GetValue(verifyTimeout),
            }, ct);
            context.Output.Done(project, $"Project {Json.Text(project, "name")} added: {Json.Text(project, "id")}");
        });
    }

    private static Command Update()
    {
        var id = Arguments.IdOrName("project");
        var name = new Option<string?>("--name") { Description = "A new name." };
        var branch = new Option<string?>("--branch") { Description = "A new default branch (it must exist)." };
        var (verify, verifyTimeout) = VerifyOptions();
        return new Command("update", "Rename a project, change its default branch or how its work is verified.")
        {
            id, name, branch, verify, verifyTimeout,
        }.Does(async (context, parse, ct) =>
        {
            var found = await FindAsync(context, parse.GetRequiredValue(id), ct);
            var project = await context.Api.PatchAsync($"api/projects/{Json.Text(found, "id")}", new
            {
                name = parse.GetValue(name),
                defaultBranch = parse.GetValue(branch),
                verifyCommand = parse.GetValue(verify),
                verifyTimeoutSeconds = parse.GetValue(verifyTimeout),
            }, ct);
            context.Output.Done(project, $"Project {Json.Text(project, "name")} updated.");
        });
    }

    private static (Option<string?> Command, Option<int?> Timeout) VerifyOptions() => (
        new Option<string?>("--verify")
        {
            Description = "How an execution agent's work is checked before its task counts as done, run with sh -c in "
                + "its worktree (e.g. \"dotnet test\"); \"\" removes the check.",
            HelpName = "command",
        },
        new Option<int?>("--verify-timeout")
        {
            Description = "Seconds the verify command may run before it is killed and counts as failed (10-7200, "
                + "default 600).",
            HelpName = "seconds",
        });

    private static Command List() => new Command("list", "List registered projects.").Does(async (context, _, ct) =>
        context.Output.Table(await context.Api.GetAsync("api/projects", ct), "No projects. Add one: cw project add <url>",
            Columns));

    private static Command Get()
    {
        var id = Arguments.IdOrName("project");
        return new Command("get", "Show one project.") { id }.Does(async (context, parse, ct) =>
            context.Output.Fields(await FindAsync(context, parse.GetRequiredValue(id), ct),
                [.. Columns, new("VERIFY", "verifyCommand"), new("VERIFY TIMEOUT", "verifyTimeoutSeconds"),
                    new("FETCHED", e => Json.Time(e, "lastFetchedAt")),
                    new("CREATED", e => Json.Time(e, "createdAt"))]));
    }

    private static Command Remove()
    {
        var id = Arguments.IdOrName("project");
        var force = new Option<bool>("--force")
        {
            Description =
                "Remove it even with unmerged work or agents at work (the work is saved first: cw workspace saved).",
        };
        return new Command("remove", "Unregister a project (its clone is removed; merged work stays in its repository).")
        {
            id, force,
        }.Does(async (context, parse, ct) =>
        {
            var project = await FindAsync(context, parse.GetRequiredValue(id), ct);
            var query = parse.GetValue(force) ? "?force=true" : "";
            await context.Api.DeleteAsync($"api/projects/{Json.Text(project, "id")}{query}", ct);
            context.Output.Done(project, $"Project {Json.Text(project, "name")} removed.");
        });
    }

    /// <summary>A project by id, or by name (names are unique), so people can type what they remember.</summary>
    internal static async Task<JsonElement> FindAsync(CliContext context, string idOrName, CancellationToken ct)
    {
        var all = await context.Api.GetAsync("api/projects", ct);
        return Json.Items(all).FirstOrDefault(p => Json.String(p, "id") == idOrName || Json.String(p, "name") == idOrName)
            is { ValueKind: JsonValueKind.Object } found
            ? found
            : throw new CliException(ExitCodes.NotFound, $"No project '{idOrName}' (see cw project list).");
    }

    /// <summary>A directory on this machine is sent as an absolute path; anything else as typed.</summary>
    internal static string LocalPathOrUrl(string location) =>
        !location.Contains("://") && Directory.Exists(location) ? Path.GetFullPath(location).TrimEnd('/') : location;

    internal static string RepositoryName(string location)
    {
        var last = location.TrimEnd('/').Split('/', ':').Last();
        return last.EndsWith(".git", StringComparison.Ordinal) ? last[..^4] : last;
    }
}

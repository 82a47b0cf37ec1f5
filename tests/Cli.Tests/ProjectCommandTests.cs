using System.Text.Json;
using Codewalkers.Cli.Core;
using Codewalkers.Cli.Tests.Infrastructure;

namespace Codewalkers.Cli.Tests;

public class ProjectCommandTests
{
    private const string Project = """
        {"id":"p1","name":"my-app","url":"/src/my-app","defaultBranch":"main","lastFetchedAt":null,
         "createdAt":"2026-12-01T10:00:00Z","updatedAt":"2026-12-01T10:00:00Z"}
        """;

    [Fact]
    public async Task List_prints_a_table_of_projects()
    {
        var api = new ScriptedApi().On("GET /api/projects", 200, $"[{Project}]");

        var run = await Cw.RunAsync(api, "project list");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("NAME", run.Out);
        Assert.Contains("my-app", run.Out);
        Assert.Contains("/src/my-app", run.Out);
        Assert.Equal("Bearer test-token", api.Requests.Single().Authorization);
    }

    [Fact]
    public async Task Json_prints_the_api_answer_with_its_field_names()
    {
        var api = new ScriptedApi().On("GET /api/projects", 200, $"[{Project}]");

        var run = await Cw.RunAsync(api, "project list --json");

        var projects = JsonDocument.Parse(run.Out).RootElement;
        Assert.Equal("my-app", projects[0].GetProperty("name").GetString());
        Assert.Equal("main", projects[0].GetProperty("defaultBranch").GetString());
    }

    [Fact]
    public async Task Add_names_the_project_after_its_repository_and_sends_a_local_path_absolute()
    {
        var directory = Directory.CreateTempSubdirectory("cw-add-").FullName;
        var api = new ScriptedApi().On("POST /api/projects", 201, Project);

        var run = await Cw.RunAsync(api, $"project add {directory} --branch trunk");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var body = JsonDocument.Parse(api.Requests.Single().Body!).RootElement;
        Assert.Equal(directory, body.GetProperty("url").GetString());
        Assert.Equal(Path.GetFileName(directory), body.GetProperty("name").GetString());
        Assert.Equal("trunk", body.GetProperty("defaultBranch").GetString());
        Assert.Contains("Project my-app added: p1", run.Out);
    }

    [Fact]
    public async Task A_refused_add_prints_the_problem_in_one_line_and_exits_with_the_usage_code()
    {
        var api = new ScriptedApi().On("POST /api/projects", 400, """
            {"title":"One or more validation errors occurred.","status":400,
             "errors":{"url":["'/nope' is not a git repository."]}}
            """);

        var run = await Cw.RunAsync(api, "project add /nope");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Equal("cw: One or more validation errors occurred: url: '/nope' is not a git repository.",
            run.Error.Trim());
        Assert.Empty(run.Out);
    }

    [Fact]
    public async Task Field_errors_the_detail_already_names_are_not_repeated()
    {
        var api = new ScriptedApi().On("POST /api/projects", 400, """
            {"title":"The request is invalid","status":400,"detail":"url: '/nope' is not a git repository.",
             "errors":{"url":["'/nope' is not a git repository."]}}
            """);

        var run = await Cw.RunAsync(api, "project add /nope");

        Assert.Equal("cw: The request is invalid: url: '/nope' is not a git repository.", run.Error.Trim());
    }

    [Fact]
    public async Task An_unknown_project_exits_with_the_not_found_code()
    {
        var api = new ScriptedApi().On("GET /api/projects", 200, $"[{Project}]");

        var run = await Cw.RunAsync(api, "project get nope");

        Assert.Equal(ExitCodes.NotFound, run.ExitCode);
        Assert.Contains("No project 'nope'", run.Error);
    }

    [Fact]
    public async Task Get_finds_a_project_by_name()
    {
        var api = new ScriptedApi().On("GET /api/projects", 200, $"[{Project}]");

        var run = await Cw.RunAsync(api, "project get my-app");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("p1", run.Out);
    }
}

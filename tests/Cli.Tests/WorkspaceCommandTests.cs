using System.Text.Json;
using Codewalkers.Cli.Core;
using Codewalkers.Cli.Tests.Infrastructure;

namespace Codewalkers.Cli.Tests;

/// <summary>`cw workspace saved|restore` and `--force` on the project and initiative deletes.</summary>
public class WorkspaceCommandTests
{
    private const string Saved = """
        [{"projectId":"p1","project":"my-app","projectDeleted":false,"agentId":"agent-one",
          "ref":"refs/cw/saved/agent-one/20261207T063015Z","time":"2026-12-07T06:30:15Z","commit":"abc123def4567890",
          "filesChanged":3,"summary":"Saved by Codewalkers: uncommitted work of agent agent-one on cw/x"},
         {"projectId":null,"project":"old-app","projectDeleted":true,"agentId":"agent-two",
          "ref":"refs/cw/saved/agent-two/20261206T010203Z","time":"2026-12-06T01:02:03Z","commit":"fed987",
          "filesChanged":1,"summary":"Add the parser"}]
        """;

    [Fact]
    public async Task Saved_prints_a_table_with_the_refs_and_marks_deleted_projects()
    {
        var api = new ScriptedApi().On("GET /api/workspace/saved", 200, Saved);

        var run = await Cw.RunAsync(api, "workspace saved");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("refs/cw/saved/agent-one/20261207T063015Z", run.Out);
        Assert.Contains("old-app (deleted)", run.Out);
        Assert.Contains("Add the parser", run.Out);
    }

    [Fact]
    public async Task Saved_says_so_when_there_is_nothing()
    {
        var run = await Cw.RunAsync(new ScriptedApi().On("GET /api/workspace/saved", 200, "[]"), "workspace saved");

        Assert.Contains("No saved work", run.Out);
    }

    [Fact]
    public async Task Restore_posts_the_ref_and_branch_and_an_existing_branch_exits_with_the_conflict_code()
    {
        var api = new ScriptedApi().On("POST /api/workspace/saved/restore", 201, """
            {"projectId":"p1","project":"my-app","projectDeleted":false,
             "ref":"refs/cw/saved/agent-one/20261207T063015Z","branch":"rescued","commit":"abc123def4567890"}
            """);

        var run = await Cw.RunAsync(api, "workspace restore refs/cw/saved/agent-one/20261207T063015Z rescued");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var body = JsonDocument.Parse(api.Requests.Single().Body!).RootElement;
        Assert.Equal("refs/cw/saved/agent-one/20261207T063015Z", body.GetProperty("ref").GetString());
        Assert.Equal("rescued", body.GetProperty("branch").GetString());
        Assert.Contains("Branch rescued created in my-app at abc123def456.", run.Out);

        var taken = new ScriptedApi().On("POST /api/workspace/saved/restore", 409, """
            {"title":"Branch exists","status":409,"detail":"Branch 'rescued' exists already; choose another name."}
            """);
        var refused = await Cw.RunAsync(taken, "workspace restore refs/cw/saved/agent-one/20261207T063015Z rescued");
        Assert.Equal(ExitCodes.Conflict, refused.ExitCode);
        Assert.Contains("exists already", refused.Error);
    }

    [Fact]
    public async Task Project_remove_sends_force_only_when_asked_and_a_refusal_names_the_unmerged_work()
    {
        const string project = """[{"id":"p1","name":"my-app","url":"/src/my-app","defaultBranch":"main"}]""";
        var api = new ScriptedApi()
            .On("GET /api/projects", 200, project)
            .On("DELETE /api/projects/p1", 409, """
                {"title":"Unmerged work","status":409,
                 "detail":"The project 'my-app' has work not merged: branch 'cw/x-task-1' has 2 unmerged commit(s)."}
                """)
            .On("DELETE /api/projects/p1?force=true", 204, "");

        var refused = await Cw.RunAsync(api, "project remove my-app");
        Assert.Equal(ExitCodes.Conflict, refused.ExitCode);
        Assert.Contains("cw/x-task-1", refused.Error);

        var forced = await Cw.RunAsync(api, "project remove my-app --force");
        Assert.Equal(ExitCodes.Success, forced.ExitCode);
        Assert.Contains("DELETE /api/projects/p1?force=true", api.Requests.Select(r => r.Request));
    }

    [Fact]
    public async Task Initiative_delete_sends_force_when_asked()
    {
        var api = new ScriptedApi()
            .On("GET /api/initiatives/i1", 200, """{"id":"i1","name":"Checkout"}""")
            .On("DELETE /api/initiatives/i1?force=true", 204, "");

        var run = await Cw.RunAsync(api, "initiative delete i1 --force");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("Initiative Checkout deleted.", run.Out);
        Assert.Equal("DELETE /api/initiatives/i1?force=true", api.Requests.Last().Request);
    }
}

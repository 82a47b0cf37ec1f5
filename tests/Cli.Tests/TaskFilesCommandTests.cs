using System.Text.Json;
using Codewalkers.Cli.Core;
using Codewalkers.Cli.Tests.Infrastructure;

namespace Codewalkers.Cli.Tests;

/// <summary>Declared files on `cw task create|update` and `cw initiative overlaps`.</summary>
public class TaskFilesCommandTests
{
    private const string Task = """
        {"id":"t2","phaseId":"ph1","initiativeId":"i1","parentTaskId":null,"name":"Orders table",
         "description":null,"category":"execute","priority":"medium","status":"pending","order":0,
         "summary":null,"retryCount":0,"blockedReason":null,"dependsOn":[],"createdAt":"2026-12-01T10:00:00Z",
         "updatedAt":"2026-12-01T10:00:00Z","version":2,"files":["src/Orders.cs","docs/"],"allowOverlap":false,
         "waitingFor":{"taskId":"t1","paths":["src/Orders.cs"]}}
        """;

    [Fact]
    public async Task Create_sends_the_comma_separated_files_as_a_list()
    {
        var api = new ScriptedApi().On("POST /api/tasks", 201, Task);

        var run = await Cw.RunAsync(api, "task create \"Orders table\" --phase ph1 --files \"src/Orders.cs, docs/\"");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var body = JsonDocument.Parse(api.Requests.Single().Body!).RootElement;
        Assert.Equal(["src/Orders.cs", "docs/"], body.GetProperty("files").EnumerateArray().Select(f => f.GetString()));
        Assert.False(body.TryGetProperty("allowOverlap", out _));
    }

    [Fact]
    public async Task Update_replaces_or_clears_the_files_and_sets_the_allowance()
    {
        var api = new ScriptedApi().On("PATCH /api/tasks/t2", 200, Task);

        await Cw.RunAsync(api, "task update t2 --files src/a.cs,src/b/ --allow-overlap true");
        await Cw.RunAsync(api, "task update t2 --files \"\"");

        Assert.Equal("""{"allowOverlap":true,"files":["src/a.cs","src/b/"]}""", api.Requests[0].Body);
        Assert.Equal("""{"files":[]}""", api.Requests[1].Body);
    }

    [Fact]
    public async Task Update_with_nothing_to_change_is_a_usage_error()
    {
        var api = new ScriptedApi();
        var run = await Cw.RunAsync(api, "task update t2");
        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Empty(api.Requests);
    }

    [Fact]
    public async Task Get_shows_the_files_and_what_the_task_waits_for()
    {
        var api = new ScriptedApi().On("GET /api/tasks/t2", 200, Task);

        var run = await Cw.RunAsync(api, "task get t2");

        Assert.Contains("src/Orders.cs, docs/", run.Out);
        Assert.Contains("t1 (overlapping src/Orders.cs)", run.Out);
    }

    [Fact]
    public async Task Initiative_overlaps_lists_each_pair_with_its_paths_and_handling()
    {
        var api = new ScriptedApi().On("GET /api/initiatives/i1/overlaps", 200, """
            {"initiativeId":"i1","overlaps":[{"first":{"id":"t1","name":"Orders api","phaseId":"ph1","status":"in_progress"},
              "second":{"id":"t2","name":"Orders table","phaseId":"ph1","status":"pending"},
              "paths":["src/Orders.cs"],"source":"declared","handling":"waits"}],"observed":[]}
            """);

        var run = await Cw.RunAsync(api, "initiative overlaps i1");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("Orders api (t1)", run.Out);
        Assert.Contains("Orders table (t2)", run.Out);
        Assert.Contains("src/Orders.cs", run.Out);
        Assert.Contains("waits", run.Out);
    }

    [Fact]
    public async Task Initiative_overlaps_says_when_there_are_none()
    {
        var api = new ScriptedApi().On("GET /api/initiatives/i1/overlaps", 200,
            """{"initiativeId":"i1","overlaps":[],"observed":[]}""");
        var run = await Cw.RunAsync(api, "initiative overlaps i1");
        Assert.Contains("No overlapping tasks.", run.Out);
    }
}

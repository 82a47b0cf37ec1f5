using System.Text.Json;
using Codewalkers.Cli.Core;
using Codewalkers.Cli.Tests.Infrastructure;

namespace Codewalkers.Cli.Tests;

public class TaskCommandTests
{
    private const string Task = """
        {"id":"t1","phaseId":"ph1","initiativeId":"i1","parentTaskId":null,"name":"Add endpoint",
         "description":"POST /login","category":"execute","priority":"medium","status":"in_progress","order":0,
         "summary":null,"retryCount":0,"blockedReason":null,"dependsOn":[],"createdAt":"2026-12-01T10:00:00Z",
         "updatedAt":"2026-12-01T10:00:00Z","version":2}
        """;

    private static readonly Dictionary<string, string> Agent = new() { ["CW_AGENT_ID"] = "agent-7" };

    [Fact]
    public async Task An_agent_adds_a_task_sending_only_what_it_gave_and_gets_json()
    {
        var api = new ScriptedApi().On("POST /api/tasks", 201, Task);

        var run = await Cw.RunAsync(api, "task add \"Split the parser\" --description \"Two files\"", Agent);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal("""{"name":"Split the parser","description":"Two files"}""", api.Requests.Single().Body);
        Assert.Equal("t1", JsonDocument.Parse(run.Out).RootElement.GetProperty("id").GetString());
    }

    [Fact]
    public async Task A_person_adding_a_task_says_where_it_goes()
    {
        var api = new ScriptedApi();

        var run = await Cw.RunAsync(api, "task add Something");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("--phase", run.Error);
        Assert.Empty(api.Requests);
    }

    [Fact]
    public async Task Add_sends_phase_parent_dependencies_category_and_priority()
    {
        var api = new ScriptedApi().On("POST /api/tasks", 201, Task);

        var run = await Cw.RunAsync(api,
            "task add Docs --phase ph1 --parent t0 --depends-on t1 t2 --category verify --priority high");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var body = JsonDocument.Parse(api.Requests.Single().Body!).RootElement;
        Assert.Equal("ph1", body.GetProperty("phaseId").GetString());
        Assert.Equal("t0", body.GetProperty("parentTaskId").GetString());
        Assert.Equal(["t1", "t2"], body.GetProperty("dependsOn").EnumerateArray().Select(d => d.GetString()));
        Assert.Equal("verify", body.GetProperty("category").GetString());
        Assert.Equal("high", body.GetProperty("priority").GetString());
        Assert.False(body.TryGetProperty("initiativeId", out _));
    }

    [Fact]
    public async Task List_passes_the_filters_as_query_parameters()
    {
        var api = new ScriptedApi().On("GET /api/tasks?phaseId=ph1&parentTaskId=t0&status=blocked", 200,
            $$"""{"items":[{{Task}}],"total":1,"skip":0,"take":100}""");

        var run = await Cw.RunAsync(api, "task list --phase ph1 --parent t0 --status blocked");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("Add endpoint", run.Out);
    }

    [Fact]
    public async Task Get_shows_the_description()
    {
        var api = new ScriptedApi().On("GET /api/tasks/t1", 200, Task);

        var run = await Cw.RunAsync(api, "task get t1");

        Assert.Contains("POST /login", run.Out);
    }

    [Fact]
    public async Task Get_of_an_unknown_task_exits_not_found()
    {
        var run = await Cw.RunAsync(new ScriptedApi(), "task get nope");

        Assert.Equal(ExitCodes.NotFound, run.ExitCode);
    }

    [Theory]
    [InlineData("completed --summary Done", "complete", """{"summary":"Done"}""")]
    [InlineData("complete", "complete", "{}")]
    [InlineData("blocked --reason \"No access\"", "block", """{"reason":"No access"}""")]
    [InlineData("in_progress", "start", "{}")]
    [InlineData("start", "start", "{}")]
    [InlineData("quality_review", "submit-for-quality-review", "{}")]
    [InlineData("pending", "retry", "{}")]
    public async Task Status_maps_onto_the_task_transition(string arguments, string transition, string body)
    {
        var api = new ScriptedApi().On($"POST /api/tasks/t1/{transition}", 200, Task);

        var run = await Cw.RunAsync(api, $"task status t1 {arguments}");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal(body, api.Requests.Single().Body);
    }

    [Fact]
    public async Task An_impossible_status_change_is_the_servers_conflict()
    {
        var api = new ScriptedApi().On("POST /api/tasks/t1/start", 409,
            """
            {"title":"Impossible transition","detail":"Cannot start task 'Add endpoint': it is completed.","status":409}
            """);

        var run = await Cw.RunAsync(api, "task status t1 start");

        Assert.Equal(ExitCodes.Conflict, run.ExitCode);
        Assert.Contains("Cannot start task", run.Error);
    }

    [Theory]
    [InlineData("task status t1 done")]
    [InlineData("task status t1 start --summary x")]
    [InlineData("task status t1 completed --reason x")]
    public async Task A_status_or_flag_that_does_not_fit_is_a_usage_error(string commandLine)
    {
        var api = new ScriptedApi();

        var run = await Cw.RunAsync(api, commandLine);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Empty(api.Requests);
    }

    [Fact]
    public async Task Retry_posts_the_retry_transition()
    {
        var api = new ScriptedApi().On("POST /api/tasks/t1/retry", 200, Task);

        var run = await Cw.RunAsync(api, "task retry t1");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("pending again", run.Out);
    }
}

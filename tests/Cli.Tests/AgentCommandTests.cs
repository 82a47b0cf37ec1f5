using System.Text.Json;
using Codewalkers.Cli.Core;
using Codewalkers.Cli.Tests.Infrastructure;

namespace Codewalkers.Cli.Tests;

public class AgentCommandTests
{
    private const string Waiting = """
        {"id":"a1","name":"brave-otter","status":"waiting_for_input","statusReason":"waiting_for_input",
         "mode":"execute","provider":"claude","taskId":"t1","sessionNumber":1,
         "pendingQuestions":[{"id":"q1","question":"Which database?","options":["SQLite","Postgres"]},
                             {"id":"q2","question":"Keep the old API?"}],
         "prompt":"Build the thing.\nCarefully.","createdAt":"2026-12-01T10:00:00Z","updatedAt":"2026-12-01T10:05:00Z"}
        """;

    private const string Running = """
        {"id":"a2","name":"calm-heron","status":"running","mode":"plan","provider":"claude","sessionNumber":1,
         "waitingForAccountUntil":"2026-12-01T12:00:00Z","pendingQuestions":null,
         "createdAt":"2026-12-01T09:00:00Z","updatedAt":"2026-12-01T09:00:00Z"}
        """;

    private const string Project = """
        {"id":"p1","name":"my-app","url":"/src/my-app","defaultBranch":"trunk"}
        """;

    [Fact]
    public async Task List_prints_agents_with_their_status_and_filters_by_status()
    {
        var api = new ScriptedApi().On("GET /api/agents?status=running&includeDismissed=true", 200, $"[{Running}]");

        var run = await Cw.RunAsync(api, "agent list --status running --all");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("calm-heron", run.Out);
        Assert.Contains("waiting for an account until", run.Out);
    }

    [Fact]
    public async Task Get_finds_an_agent_by_name_and_shows_its_questions()
    {
        var api = new ScriptedApi()
            .On("GET /api/agents?includeDismissed=true", 200, $"[{Waiting}]")
            .On("GET /api/agents/a1", 200, Waiting);

        var run = await Cw.RunAsync(api, "agent get brave-otter");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("waiting_for_input", run.Out);
        Assert.Contains("q1: Which database?", run.Out);
        Assert.DoesNotContain("Carefully", run.Out);
    }

    [Fact]
    public async Task Get_with_json_prints_the_api_answer_unchanged()
    {
        var api = new ScriptedApi().On("GET /api/agents/a1", 200, Waiting);

        var run = await Cw.RunAsync(api, "agent get a1 --json");

        var agent = JsonDocument.Parse(run.Out).RootElement;
        Assert.Equal("brave-otter", agent.GetProperty("name").GetString());
        Assert.Equal("q2", agent.GetProperty("pendingQuestions")[1].GetProperty("id").GetString());
    }

    [Fact]
    public async Task An_unknown_agent_exits_with_the_not_found_code()
    {
        var api = new ScriptedApi().On("GET /api/agents?includeDismissed=true", 200, "[]");

        var run = await Cw.RunAsync(api, "agent stop nope");

        Assert.Equal(ExitCodes.NotFound, run.ExitCode);
        Assert.Equal("cw: No agent 'nope' (see cw agent list --all).", run.Error.Trim());
    }

    [Fact]
    public async Task Spawn_sends_the_prompt_mode_and_each_project_on_its_own_branch()
    {
        var api = new ScriptedApi()
            .On("GET /api/projects", 200, $"[{Project}]")
            .On("POST /api/agents", 201, Running);

        var run = await Cw.RunAsync(api,
            "agent spawn \"Fix the bug\" --project my-app --task t1 --request-id r1234567890");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var body = JsonDocument.Parse(api.Requests.Single(r => r.Request == "POST /api/agents").Body!).RootElement;
        Assert.Equal("Fix the bug", body.GetProperty("prompt").GetString());
        Assert.Equal("execute", body.GetProperty("mode").GetString());
        Assert.Equal("r1234567890", body.GetProperty("requestId").GetString());
        Assert.Equal("t1", body.GetProperty("taskId").GetString());
        var project = body.GetProperty("projects")[0];
        Assert.Equal("p1", project.GetProperty("projectId").GetString());
        Assert.Equal("cw/agent-r1234567", project.GetProperty("branch").GetString());
        Assert.Equal("trunk", project.GetProperty("baseBranch").GetString());
        Assert.Contains("Agent calm-heron spawned: a2", run.Out);
        Assert.Contains("cw agent logs a2 -f", run.Out);
    }

    [Fact]
    public async Task Spawn_reads_the_prompt_from_standard_input_and_a_planning_mode_reads_the_base_branch()
    {
        var api = new ScriptedApi()
            .On("GET /api/projects", 200, $"[{Project}]")
            .On("POST /api/agents", 201, Running);

        var run = await Cw.RunAsync(api, "agent spawn - --mode plan --project p1", input: "Plan it.\n");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var body = JsonDocument.Parse(api.Requests.Single(r => r.Request == "POST /api/agents").Body!).RootElement;
        Assert.Equal("Plan it.\n", body.GetProperty("prompt").GetString());
        Assert.Equal("trunk", body.GetProperty("projects")[0].GetProperty("branch").GetString());
    }

    [Fact]
    public async Task Spawn_without_a_prompt_is_a_usage_error_and_sends_nothing()
    {
        var api = new ScriptedApi();

        var run = await Cw.RunAsync(api, "agent spawn");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("A prompt is required", run.Error);
        Assert.Empty(api.Requests);
    }

    [Fact]
    public async Task A_refused_spawn_prints_the_problem_in_one_line()
    {
        var api = new ScriptedApi().On("POST /api/agents", 400, """
            {"title":"One or more validation errors occurred.","status":400,
             "errors":{"mode":["Mode must be one of: execute, plan."]}}
            """);

        var run = await Cw.RunAsync(api, "agent spawn hello --mode bogus");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Equal("cw: One or more validation errors occurred: mode: Mode must be one of: execute, plan.",
            run.Error.Trim());
    }

    [Fact]
    public async Task Stop_posts_to_the_agent_and_says_where_it_is()
    {
        var api = new ScriptedApi()
            .On("GET /api/agents/a2", 200, Running)
            .On("POST /api/agents/a2/stop", 200, Running.Replace("\"running\"", "\"stopped\""));

        var run = await Cw.RunAsync(api, "agent stop a2");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("POST /api/agents/a2/stop", api.Requests.Select(r => r.Request));
        Assert.Contains("Agent calm-heron is stopped", run.Out);
    }

    [Fact]
    public async Task Deleting_a_running_agent_is_a_conflict()
    {
        var api = new ScriptedApi()
            .On("GET /api/agents/a2", 200, Running)
            .On("DELETE /api/agents/a2", 409, """
                {"title":"Conflict","detail":"Agent 'calm-heron' is running; stop it first.","status":409}
                """);

        var run = await Cw.RunAsync(api, "agent delete a2");

        Assert.Equal(ExitCodes.Conflict, run.ExitCode);
        Assert.Equal("cw: Conflict: Agent 'calm-heron' is running; stop it first.", run.Error.Trim());
    }

    [Fact]
    public async Task Resume_sends_a_message_and_a_default_one_when_none_is_given()
    {
        var api = new ScriptedApi()
            .On("GET /api/agents/a2", 200, Running)
            .On("POST /api/agents/a2/messages", 202, Running);

        await Cw.RunAsync(api, "agent resume a2 \"Also update the README\"");
        var run = await Cw.RunAsync(api, "agent resume a2");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var messages = api.Requests.Where(r => r.Request == "POST /api/agents/a2/messages")
            .Select(r => JsonDocument.Parse(r.Body!).RootElement.GetProperty("message").GetString()).ToList();
        Assert.Equal(["Also update the README", "Continue where you left off."], messages);
    }

    [Fact]
    public async Task Answer_sends_each_answer_by_question_id()
    {
        var api = new ScriptedApi()
            .On("GET /api/agents/a1", 200, Waiting)
            .On("POST /api/agents/a1/answers", 202, Waiting.Replace("\"waiting_for_input\",\"statusReason\"",
                "\"running\",\"statusReason\""));

        var run = await Cw.RunAsync(api, "agent answer a1 --answer q1=SQLite -a \"q2=yes, keep it = stable\"");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var answers = JsonDocument.Parse(api.Requests.Single(r => r.Request.StartsWith("POST")).Body!).RootElement
            .GetProperty("answers");
        Assert.Equal("SQLite", answers.GetProperty("q1").GetString());
        Assert.Equal("yes, keep it = stable", answers.GetProperty("q2").GetString());
        Assert.Contains("Answered 2 question(s); agent brave-otter is running.", run.Out);
    }

    [Fact]
    public async Task Answer_without_answers_off_a_terminal_says_which_questions_wait()
    {
        var api = new ScriptedApi().On("GET /api/agents/a1", 200, Waiting);

        var run = await Cw.RunAsync(api, "agent answer a1");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("--answer <q-id>=text (q1: Which database?; q2: Keep the old API?)", run.Error);
    }

    [Fact]
    public async Task Answering_an_agent_that_no_longer_waits_is_a_conflict()
    {
        var api = new ScriptedApi()
            .On("GET /api/agents/a2", 200, Running)
            .On("POST /api/agents/a2/answers", 409, """
                {"title":"Conflict","detail":"Agent 'calm-heron' is running; it is not waiting for answers.",
                 "status":409}
                """);

        var run = await Cw.RunAsync(api, "agent answer a2 -a \"just go\"");

        Assert.Equal(ExitCodes.Conflict, run.ExitCode);
        Assert.Equal("just go", JsonDocument.Parse(api.Requests.Single(r => r.Request.StartsWith("POST")).Body!)
            .RootElement.GetProperty("answers").GetProperty("q1").GetString());
    }

    [Fact]
    public async Task An_answer_that_names_no_question_of_several_is_a_usage_error()
    {
        var api = new ScriptedApi().On("GET /api/agents/a1", 200, Waiting);

        var run = await Cw.RunAsync(api, "agent answer a1 -a SQLite");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("pending: q1, q2", run.Error);
        Assert.DoesNotContain(api.Requests, r => r.Request.StartsWith("POST"));
    }

    [Fact]
    public async Task Prompt_prints_the_prompt_as_it_is()
    {
        var api = new ScriptedApi().On("GET /api/agents/a1", 200, Waiting);

        var run = await Cw.RunAsync(api, "agent prompt a1");

        Assert.Equal("Build the thing.\nCarefully.\n", run.Out.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Agent_commands_print_json_for_agents()
    {
        var api = new ScriptedApi().On("GET /api/agents/a1", 200, Waiting);

        var run = await Cw.RunAsync(api, "agent get a1", new Dictionary<string, string> { ["CW_AGENT_ID"] = "a1" });

        Assert.Equal("a1", JsonDocument.Parse(run.Out).RootElement.GetProperty("id").GetString());
    }
}

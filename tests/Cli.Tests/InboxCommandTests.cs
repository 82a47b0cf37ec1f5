using System.Text.Json;
using Codewalkers.Cli.Core;
using Codewalkers.Cli.Questions;
using Codewalkers.Cli.Tests.Infrastructure;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Codewalkers.Cli.Tests;

public class InboxCommandTests
{
    private const string Pending = "GET /api/messages?pendingForUser=true&limit=200";

    private const string Items = """
        [{"id":"m1","kind":"questions","status":"pending","agentId":"a1","agentName":"brave-otter",
          "initiativeId":"i1","initiativeName":"Accounts","phaseId":"ph1","phaseName":"Auth","taskId":"t1",
          "taskName":"Add login","content":"q1: Which database?\nq2: Keep the old API?",
          "questions":[{"id":"q1","question":"Which database?","options":["SQLite","Postgres"]},
                       {"id":"q2","question":"Keep the old API?"}]},
         {"id":"m3","kind":"questions","status":"pending","agentId":"a3","agentName":"quiet-lynx",
          "initiativeId":"i1","initiativeName":"Accounts","questions":[{"id":"q1","question":"One phase or two?"}]},
         {"id":"m4","kind":"task_completed","status":"pending","agentId":"a1","agentName":"brave-otter",
          "initiativeId":"i1","initiativeName":"Accounts","phaseId":"ph1","phaseName":"Auth","taskId":"t0",
          "taskName":"Schema","content":"Task 'Schema' is completed.","questions":null}]
        """;

    private const string Thread = """
        {"message":{"id":"m1","kind":"questions","status":"responded","agentName":"brave-otter",
           "questions":[{"id":"q1","question":"Which database?"}]},
         "thread":[{"id":"m1","kind":"questions","status":"responded","senderType":"agent","agentName":"brave-otter",
            "initiativeName":"Accounts","phaseName":"Auth","taskName":"Add login","createdAt":"2026-12-01T10:05:00Z",
            "questions":[{"id":"q1","question":"Which database?","options":["SQLite","Postgres"]}]},
           {"id":"r1","kind":"reply","status":"failed","senderType":"user","content":"q1: Postgres",
            "statusReason":"Agent 'brave-otter' has no session to resume.","createdAt":"2026-12-01T10:06:00Z"}]}
        """;

    [Fact]
    public async Task Off_a_terminal_the_inbox_lists_each_item_with_its_context_and_each_question()
    {
        var api = new ScriptedApi().On(Pending, 200, Items);

        var run = await Cw.RunAsync(api, "inbox");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("Accounts / Auth / Add login", run.Out);
        Assert.Contains("Which database?", run.Out);
        Assert.Contains("SQLite | Postgres", run.Out);
        Assert.Contains("One phase or two?", run.Out);
        Assert.Contains("task_completed", run.Out);
        Assert.Contains("Task 'Schema' is completed.", run.Out);
    }

    [Fact]
    public async Task An_errand_agents_question_names_its_errand()
    {
        var api = new ScriptedApi().On(Pending, 200, """
            [{"id":"m7","kind":"questions","status":"pending","agentId":"a7","agentName":"calm-heron",
              "errandId":"e1","questions":[{"id":"q1","question":"Rename it everywhere?"}]}]
            """);

        var run = await Cw.RunAsync(api, "inbox");

        Assert.Matches(@"m7 .* calm-heron +errand e1 +q1 +Rename it everywhere\?", run.Out);
    }

    [Fact]
    public async Task An_empty_inbox_says_so_and_all_lists_every_item()
    {
        var run = await Cw.RunAsync(new ScriptedApi().On(Pending, 200, "[]"), "inbox");
        var all = await Cw.RunAsync(new ScriptedApi().On("GET /api/messages?limit=200", 200, Items), "inbox --all");

        Assert.Equal("Nothing is waiting for you.", run.Out.Trim());
        Assert.Contains("quiet-lynx", all.Out);
    }

    [Fact]
    public async Task Json_holds_the_api_answer_under_messages()
    {
        var api = new ScriptedApi().On(Pending, 200, Items);

        var run = await Cw.RunAsync(api, "inbox --json");

        var inbox = JsonDocument.Parse(run.Out).RootElement;
        Assert.Equal("brave-otter", inbox.GetProperty("messages")[0].GetProperty("agentName").GetString());
        Assert.Equal("Auth", inbox.GetProperty("messages")[0].GetProperty("phaseName").GetString());
    }

    [Fact]
    public async Task Answer_by_flags_replies_to_the_item_of_the_named_agent()
    {
        var api = new ScriptedApi()
            .On(Pending, 200, Items)
            .On("POST /api/messages/m1/reply", 201, """{"message":{"id":"r1"},"thread":[]}""");

        var run = await Cw.RunAsync(api, "inbox --answer brave-otter q1=Postgres \"q2=no\"");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var answers = JsonDocument.Parse(api.Requests.Single(r => r.Request.StartsWith("POST")).Body!).RootElement
            .GetProperty("answers");
        Assert.Equal("Postgres", answers.GetProperty("q1").GetString());
        Assert.Equal("no", answers.GetProperty("q2").GetString());
        Assert.Contains("Answered 2 question(s) of brave-otter", run.Out);
    }

    [Fact]
    public async Task A_lone_question_takes_an_answer_without_its_id_and_the_item_may_be_named_by_message_id()
    {
        var api = new ScriptedApi()
            .On(Pending, 200, Items)
            .On("POST /api/messages/m3/reply", 201, """{"message":{"id":"r2"},"thread":[]}""");

        var run = await Cw.RunAsync(api, "inbox --answer m3 \"two, with x=1 first\"");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal("two, with x=1 first", JsonDocument.Parse(api.Requests.Single(r => r.Request.StartsWith("POST"))
            .Body!).RootElement.GetProperty("answers").GetProperty("q1").GetString());
    }

    [Fact]
    public async Task Answers_for_nobody_for_a_notice_or_for_an_agent_not_waiting_are_refused()
    {
        var api = new ScriptedApi().On(Pending, 200, Items);

        var nobody = await Cw.RunAsync(api, "inbox q1=yes");
        var unknown = await Cw.RunAsync(api, "inbox --answer a9 q1=yes");
        var notice = await Cw.RunAsync(api, "inbox --answer m4 q1=yes");
        var none = await Cw.RunAsync(api, "inbox --answer m1");

        Assert.Equal(ExitCodes.Usage, nobody.ExitCode);
        Assert.Contains("cw inbox --answer <message|agent>", nobody.Error);
        Assert.Equal(ExitCodes.NotFound, unknown.ExitCode);
        Assert.Contains("'a9' is not waiting for answers", unknown.Error);
        Assert.Equal(ExitCodes.NotFound, notice.ExitCode);
        Assert.Equal(ExitCodes.Usage, none.ExitCode);
        Assert.Contains("cw inbox --answer m1 q1=... q2=...", none.Error);
        Assert.DoesNotContain(api.Requests, r => r.Request.StartsWith("POST"));
    }

    [Fact]
    public async Task Show_prints_the_thread_with_the_questions_and_why_a_reply_failed()
    {
        var run = await Cw.RunAsync(new ScriptedApi().On("GET /api/messages/m1", 200, Thread), "inbox show m1");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("Working on: Accounts / Auth / Add login", run.Out);
        Assert.Contains("q1: Which database? [SQLite | Postgres]", run.Out);
        Assert.Contains("q1: Postgres", run.Out);
        Assert.Contains("(Agent 'brave-otter' has no session to resume.)", run.Out);
    }

    [Fact]
    public async Task Reply_answers_an_item_by_id_and_read_marks_a_notice_read()
    {
        var api = new ScriptedApi()
            .On("GET /api/messages/m1", 200, Thread)
            .On("POST /api/messages/m1/reply", 201, """{"message":{"id":"r3"},"thread":[]}""")
            .On("POST /api/messages/m4/read", 200, """{"id":"m4","status":"read"}""");

        var reply = await Cw.RunAsync(api, "inbox reply m1 Postgres");
        var read = await Cw.RunAsync(api, "inbox read m4");

        Assert.Equal((ExitCodes.Success, ExitCodes.Success), (reply.ExitCode, read.ExitCode));
        Assert.Contains("Answered 1 question(s) of brave-otter; it resumes.", reply.Out);
        Assert.Equal("Postgres", JsonDocument.Parse(api.Requests.First(r => r.Request.StartsWith("POST")).Body!)
            .RootElement.GetProperty("answers").GetProperty("q1").GetString());
        Assert.Contains("Marked m4 read.", read.Out);
    }

    [Fact]
    public void On_a_terminal_a_question_with_options_is_a_choice_and_one_without_is_typed()
    {
        var owner = Owner(new PendingQuestion("q1", "Which database?", ["SQLite", "Postgres"]),
            new PendingQuestion("q2", "Keep the old API?", []));
        var console = new KeyedConsole([Key(ConsoleKey.DownArrow), Key(ConsoleKey.Enter), .. Type("no, drop it"),
            Key(ConsoleKey.Enter)]);

        var answers = QuestionPrompts.Ask(console, owner);

        Assert.Equal(new Dictionary<string, string> { ["q1"] = "Postgres", ["q2"] = "no, drop it" }, answers);
        Assert.Contains("Which database?", console.Output);
    }

    [Fact]
    public void On_a_terminal_another_answer_can_be_typed_and_an_empty_one_skips()
    {
        var choice = Owner(new PendingQuestion("q1", "Which database?", ["SQLite", "Postgres"]));
        var other = new KeyedConsole([Key(ConsoleKey.DownArrow), Key(ConsoleKey.DownArrow), Key(ConsoleKey.Enter),
            .. Type("DuckDB"), Key(ConsoleKey.Enter)]);
        var skip = new KeyedConsole([Key(ConsoleKey.Enter)]);

        Assert.Equal("DuckDB", QuestionPrompts.Ask(other, choice)!["q1"]);
        Assert.Null(QuestionPrompts.Ask(skip, Owner(new PendingQuestion("q1", "Anything else?", []))));
    }

    [Fact]
    public void Questions_are_read_from_strings_objects_and_options_of_either_kind()
    {
        var json = JsonDocument.Parse("""
            [{"id":"a","question":"Pick","options":[{"label":"One"},"Two"]},"Plain question?",{"question":"No id"}]
            """).RootElement;

        var questions = PendingQuestion.FromJson(json);

        Assert.Equal(["a", "q2", "q3"], questions.Select(q => q.Id));
        Assert.Equal(["One", "Two"], questions[0].Options);
        Assert.Equal("Plain question?", questions[1].Text);
    }

    private static QuestionOwner Owner(params PendingQuestion[] questions) =>
        new(new InboxQuestions(), "m1", "brave-otter", "Accounts / Auth", questions, "a1");

    private static ConsoleKeyInfo Key(ConsoleKey key) =>
        new(key == ConsoleKey.Enter ? '\r' : '\0', key, false, false, false);

    private static IEnumerable<ConsoleKeyInfo> Type(string text) =>
        text.Select(c => new ConsoleKeyInfo(c, ConsoleKey.NoName, char.IsUpper(c), false, false));

    /// <summary>A terminal whose keys are scripted: Spectre's prompts read them as a person's typing.</summary>
    private sealed class KeyedConsole : IAnsiConsole
    {
        private readonly StringWriter _output = new();
        private readonly IAnsiConsole _console;
        private readonly Keys _keys;

        public KeyedConsole(IEnumerable<ConsoleKeyInfo> keys)
        {
            _keys = new Keys(keys);
            _console = AnsiConsole.Create(new AnsiConsoleSettings
            {
                Out = new AnsiConsoleOutput(_output), Ansi = AnsiSupport.Yes,
                ColorSystem = ColorSystemSupport.NoColors, Interactive = InteractionSupport.Yes,
            });
        }

        public string Output => _output.ToString();
        public Profile Profile => _console.Profile;
        public IAnsiConsoleCursor Cursor => _console.Cursor;
        public IAnsiConsoleInput Input => _keys;
        public IExclusivityMode ExclusivityMode => _console.ExclusivityMode;
        public RenderPipeline Pipeline => _console.Pipeline;

        public void Clear(bool home) => _console.Clear(home);
        public void Write(IRenderable renderable) => _console.Write(renderable);
        public void WriteAnsi(Action<AnsiWriter> action) => _console.WriteAnsi(action);

        private sealed class Keys(IEnumerable<ConsoleKeyInfo> keys) : IAnsiConsoleInput
        {
            private readonly Queue<ConsoleKeyInfo> _keys = new(keys);

            public bool IsKeyAvailable() => _keys.Count > 0;

            public ConsoleKeyInfo? ReadKey(bool intercept) =>
                _keys.TryDequeue(out var key) ? key : throw new InvalidOperationException("No more keys scripted.");

            public Task<ConsoleKeyInfo?> ReadKeyAsync(bool intercept, CancellationToken cancellationToken) =>
                Task.FromResult(ReadKey(intercept));
        }
    }
}

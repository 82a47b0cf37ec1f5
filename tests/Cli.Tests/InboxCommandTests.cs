using System.Text.Json;
using Codewalkers.Cli.Core;
using Codewalkers.Cli.Questions;
using Codewalkers.Cli.Tests.Infrastructure;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Codewalkers.Cli.Tests;

public class InboxCommandTests
{
    private const string Waiting = """
        [{"id":"a1","name":"brave-otter","mode":"execute","taskId":"t1","phaseId":"ph1","initiativeId":"i1",
          "taskName":"Add login","taskDescription":"...","phaseName":"Auth","initiativeName":"Accounts",
          "pendingQuestions":[{"id":"q1","question":"Which database?","options":["SQLite","Postgres"]},
                              {"id":"q2","question":"Keep the old API?"}],
          "updatedAt":"2026-12-01T10:05:00Z"},
         {"id":"a3","name":"quiet-lynx","mode":"plan","taskId":null,"phaseId":null,"initiativeId":"i1",
          "taskName":null,"taskDescription":null,"phaseName":null,"initiativeName":"Accounts",
          "pendingQuestions":[{"id":"q1","question":"One phase or two?"}],"updatedAt":"2026-12-01T10:06:00Z"}]
        """;

    [Fact]
    public async Task Off_a_terminal_the_inbox_lists_each_question_with_where_its_agent_works()
    {
        var api = new ScriptedApi().On("GET /api/agents/waiting", 200, Waiting);

        var run = await Cw.RunAsync(api, "inbox");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("Accounts / Auth / Add login", run.Out);
        Assert.Contains("Which database?", run.Out);
        Assert.Contains("SQLite | Postgres", run.Out);
        Assert.Contains("One phase or two?", run.Out);
    }

    [Fact]
    public async Task An_empty_inbox_says_so()
    {
        var run = await Cw.RunAsync(new ScriptedApi().On("GET /api/agents/waiting", 200, "[]"), "inbox");

        Assert.Equal("Nothing is waiting for you.", run.Out.Trim());
    }

    [Fact]
    public async Task Json_holds_each_sources_api_answer_under_its_name()
    {
        var api = new ScriptedApi().On("GET /api/agents/waiting", 200, Waiting);

        var run = await Cw.RunAsync(api, "inbox --json");

        var inbox = JsonDocument.Parse(run.Out).RootElement;
        Assert.Equal("brave-otter", inbox.GetProperty("agents")[0].GetProperty("name").GetString());
        Assert.Equal("Auth", inbox.GetProperty("agents")[0].GetProperty("phaseName").GetString());
    }

    [Fact]
    public async Task Answer_by_flags_posts_the_answers_of_the_named_agent()
    {
        var api = new ScriptedApi()
            .On("GET /api/agents/waiting", 200, Waiting)
            .On("POST /api/agents/a1/answers", 202, """{"id":"a1","name":"brave-otter","status":"running"}""");

        var run = await Cw.RunAsync(api, "inbox --answer brave-otter q1=Postgres \"q2=no\"");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var answers = JsonDocument.Parse(api.Requests.Single(r => r.Request.StartsWith("POST")).Body!).RootElement
            .GetProperty("answers");
        Assert.Equal("Postgres", answers.GetProperty("q1").GetString());
        Assert.Equal("no", answers.GetProperty("q2").GetString());
        Assert.Contains("Answered 2 question(s) of brave-otter", run.Out);
    }

    [Fact]
    public async Task A_lone_question_takes_an_answer_without_its_id_even_with_an_equals_sign()
    {
        var api = new ScriptedApi()
            .On("GET /api/agents/waiting", 200, Waiting)
            .On("POST /api/agents/a3/answers", 202, """{"id":"a3","name":"quiet-lynx","status":"running"}""");

        var run = await Cw.RunAsync(api, "inbox --answer a3 \"two, with x=1 first\"");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal("two, with x=1 first", JsonDocument.Parse(api.Requests.Single(r => r.Request.StartsWith("POST"))
            .Body!).RootElement.GetProperty("answers").GetProperty("q1").GetString());
    }

    [Fact]
    public async Task Answers_for_nobody_or_for_an_agent_not_waiting_are_refused()
    {
        var api = new ScriptedApi().On("GET /api/agents/waiting", 200, Waiting);

        var nobody = await Cw.RunAsync(api, "inbox q1=yes");
        var unknown = await Cw.RunAsync(api, "inbox --answer a9 q1=yes");
        var none = await Cw.RunAsync(api, "inbox --answer a1");

        Assert.Equal(ExitCodes.Usage, nobody.ExitCode);
        Assert.Contains("cw inbox --answer <agent>", nobody.Error);
        Assert.Equal(ExitCodes.NotFound, unknown.ExitCode);
        Assert.Contains("'a9' is not waiting for answers", unknown.Error);
        Assert.Equal(ExitCodes.Usage, none.ExitCode);
        Assert.Contains("cw inbox --answer a1 q1=... q2=...", none.Error);
        Assert.DoesNotContain(api.Requests, r => r.Request.StartsWith("POST"));
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
        new(new WaitingAgentQuestions(), "a1", "brave-otter", "Accounts / Auth", questions);

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

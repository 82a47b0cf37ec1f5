using System.CommandLine;
using System.Text.Json;
using Codewalkers.Cli.Core;
using Codewalkers.Cli.Questions;
using Codewalkers.Cli.Streaming;
using Spectre.Console;

namespace Codewalkers.Cli.Commands;

/// <summary>
/// `cw agent`: the agents the system runs (GET/POST /api/agents...). An agent is named by its id or its name (names
/// are unique, and what the original's commands took).
/// </summary>
public sealed class AgentCommands : ICommandGroup
{
    // The API's vocabularies (Contracts.Agents), offered to shell completion; the API itself checks them.
    private static readonly string[] Statuses =
        ["idle", "waiting_for_capacity", "running", "waiting_for_input", "stopped", "crashed"];
    private static readonly string[] Modes = ["execute", "discuss", "plan", "detail", "refine", "errand", "chat",
        "review"];

    private const string DefaultResumeMessage = "Continue where you left off.";

    private static readonly Column[] ListColumns =
    [
        new("ID", "id"), new("NAME", "name"), new("STATUS", Status), new("MODE", "mode"), new("TASK", "taskId"),
        new("UPDATED", e => Json.Time(e, "updatedAt")),
    ];

    public Command Build() => new("agent", "Start, inspect, answer and stop the agents that plan and do the work.")
    {
        Spawn(), List(), Get(), Logs(), Answer(), Resume(), Prompt(), Stop(), Dismiss(), Delete(),
    };

    private static Command Spawn()
    {
        var prompt = new Argument<string?>("prompt")
        {
            Description = "What the agent is to do ('-' reads it from standard input). Or use --prompt-file.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var promptFile = new Option<FileInfo?>("--prompt-file")
        {
            Description = "Read the prompt from this file.", HelpName = "file",
        };
        var mode = new Option<string>("--mode")
        {
            Description = $"What kind of agent: {string.Join(", ", Modes)}.",
            DefaultValueFactory = _ => "execute",
        };
        mode.CompletionSources.Add(Modes);
        var provider = new Option<string?>("--provider")
        {
            Description = "The agent CLI to run (claude, codex, gemini; default: the system's default, claude).",
        };
        var task = new Option<string?>("--task") { Description = "The task this agent works on.", HelpName = "id" };
        var phase = new Option<string?>("--phase") { Description = "The phase this agent works on.", HelpName = "id" };
        var initiative = new Option<string?>("--initiative")
        {
            Description = "The initiative this agent works for.", HelpName = "id",
        };
        var projects = new Option<string[]>("--project")
        {
            Description = "A project (id or name) to check out in the agent's workspace; repeat for more.",
            HelpName = "project",
        };
        var branch = new Option<string?>("--branch")
        {
            Description = "The branch the agent works on in each project (default: cw/agent-<request id> for "
                + "execute; other modes read the base branch, detached).",
        };
        var baseBranch = new Option<string?>("--base")
        {
            Description = "The branch --branch starts from (default: the project's default branch).",
        };
        var inputs = new Option<FileInfo[]>("--input")
        {
            Description = "A file copied into the agent's .cw/input/ under its name; repeat for more.",
            HelpName = "file",
        };
        var requires = new Option<string[]>("--require")
        {
            Description = "A file (relative to .cw/output/) the agent must write before its 'done' counts; repeat.",
            HelpName = "path",
        };
        var requestId = new Option<string?>("--request-id")
        {
            Description = "Makes the spawn idempotent: the same id again answers the agent it made (default: new).",
            HelpName = "id",
        };
        return new Command("spawn", "Start an agent on a prompt. It waits for a free account, then runs; follow it "
            + "with 'cw agent logs <id> -f'.")
        {
            prompt, promptFile, mode, provider, task, phase, initiative, projects, branch, baseBranch, inputs,
            requires, requestId,
        }.Does(async (context, parse, ct) =>
        {
            var id = parse.GetValue(requestId) ?? Guid.NewGuid().ToString("N");
            var agentMode = parse.GetValue(mode)!;
            var workspace = new List<object>();
            foreach (var name in parse.GetValue(projects) ?? [])
            {
                var project = await ProjectCommands.FindAsync(context, name, ct);
                var from = parse.GetValue(baseBranch) ?? Json.String(project, "defaultBranch") ?? "main";
                workspace.Add(new
                {
                    projectId = Json.Text(project, "id"),
                    branch = parse.GetValue(branch) ?? (agentMode == "execute" ? WorkBranch(id) : from),
                    baseBranch = from,
                    ensureBranches = Array.Empty<object>(),
                });
            }
            var agent = await context.Api.PostAsync("api/agents", new
            {
                requestId = id,
                mode = agentMode,
                prompt = ReadPrompt(context, parse.GetValue(prompt), parse.GetValue(promptFile)),
                provider = parse.GetValue(provider),
                taskId = parse.GetValue(task),
                phaseId = parse.GetValue(phase),
                initiativeId = parse.GetValue(initiative),
                projects = workspace,
                inputFiles = (parse.GetValue(inputs) ?? []).Select(InputFile).ToArray(),
                requiredOutputs = parse.GetValue(requires) ?? [],
            }, ct);
            context.Output.Done(agent, $"Agent {Json.Text(agent, "name")} spawned: {Json.Text(agent, "id")} "
                + $"({Status(agent)}). Follow it: cw agent logs {Json.Text(agent, "id")} -f");
        });
    }

    private static Command List()
    {
        var status = new Option<string?>("--status")
        {
            Description = $"Only agents in this status: {string.Join(", ", Statuses)}.",
            HelpName = "status",
        };
        status.CompletionSources.Add(Statuses);
        var all = new Option<bool>("--all") { Description = "Include agents dismissed from the lists." };
        return new Command("list", "List agents, newest first.") { status, all }.Does(async (context, parse, ct) =>
        {
            var query = new List<string>();
            if (parse.GetValue(status) is { } wanted) query.Add($"status={Uri.EscapeDataString(wanted)}");
            if (parse.GetValue(all)) query.Add("includeDismissed=true");
            var agents = await context.Api.GetAsync(
                "api/agents" + (query.Count > 0 ? "?" + string.Join('&', query) : ""), ct);
            context.Output.Table(agents, "No agents.", ListColumns);
        });
    }

    private static Command Get()
    {
        var id = AgentId();
        return new Command("get", "Show one agent: status, context, session, pending questions and result (the "
            + "prompt: cw agent prompt).") { id }.Does(async (context, parse, ct) =>
            context.Output.Fields(await FindAsync(context, parse.GetRequiredValue(id), ct),
                new("ID", "id"), new("NAME", "name"), new("STATUS", Status), new("REASON", "statusReason"),
                new("MODE", "mode"), new("PROVIDER", "provider"), new("ACCOUNT", "accountId"),
                new("INITIATIVE", "initiativeId"), new("PHASE", "phaseId"), new("TASK", "taskId"),
                new("SESSION", "sessionNumber"), new("PID", "pid"), new("EXIT CODE", "exitCode"),
                new("QUESTIONS", Questions), new("RESULT", e => Shorten(Json.Text(e, "result"), 300)),
                new("VERIFIED", LastVerification),
                new("CREATED", e => Json.Time(e, "createdAt")), new("UPDATED", e => Json.Time(e, "updatedAt"))));
    }

    /// <summary>The project check of the agent's last done: passed or how it failed, and when.</summary>
    private static string LastVerification(JsonElement agent)
    {
        if (Json.Find(agent, "lastVerification") is not { ValueKind: JsonValueKind.Object } last) return "-";
        var how = Json.Find(last, "passed") is { ValueKind: JsonValueKind.True } ? "passed"
            : Json.Find(last, "timedOut") is { ValueKind: JsonValueKind.True } ? "FAILED (timed out)"
            : $"FAILED (exit {Json.Text(last, "exitCode")})";
        var text = $"{how}: {Json.Text(last, "command")} at {Json.Time(last, "at")}";
        return how == "passed" ? text : $"{text}\n{Tail(Json.String(last, "outputTail") ?? "", 300)}";
    }

    private static string Tail(string text, int max) =>
        text.TrimEnd() is var trimmed && trimmed.Length > max ? "..." + trimmed[^max..] : text.TrimEnd();

    private static Command Logs()
    {
        var id = AgentId();
        var follow = new Option<bool>("--follow", "-f")
        {
            Description = "Keep printing new output until the agent's run ends (Ctrl+C stops, exit 130); a dropped "
                + "connection is resumed where it stopped. With --json: one chunk object per line.",
        };
        var from = new Option<long>("--from")
        {
            Description = "Start at this byte offset of the agent's output (a chunk's 'end'), not the beginning.",
            HelpName = "offset",
        };
        var raw = new Option<bool>("--raw")
        {
            Description = "Print the CLI's output as it wrote it (for Claude Code: its stream-json lines) instead of "
                + "what the agent says and does.",
        };
        return new Command("logs", "Print an agent's output, all sessions: for Claude Code what the agent says, the "
            + "tools it calls and the result of each session (--raw: every line as written). --json prints the "
            + "chunks {sessionNumber, start, end, content} unchanged.")
        {
            id, follow, from, raw,
        }.Does(async (context, parse, ct) =>
        {
            var agent = await FindAsync(context, parse.GetRequiredValue(id), ct);
            var agentId = Json.Text(agent, "id");
            var offset = parse.GetValue(from);
            if (offset < 0) throw CliException.Usage("--from cannot be negative.");
            Func<string, string> text = parse.GetValue(raw) || Json.String(agent, "provider") != "claude"
                ? content => content
                : ClaudeStreamText.Render;
            var printer = new AgentLogPrinter(context, agentId, text);
            if (parse.GetValue(follow)) await FollowAsync(printer, context, agentId, offset, ct);
            else await printer.PrintStoredAsync(offset, ct);
        });
    }

    private static Command Answer()
    {
        var id = AgentId();
        var answers = new Option<string[]>("--answer", "-a") { Description = AnswerFlags.Help, HelpName = "q-id=text" };
        return new Command("answer", "Answer a waiting agent's questions; its session resumes with them. Without "
            + "--answer on a terminal, asks each question in turn.") { id, answers }.Does(async (context, parse, ct) =>
        {
            var agent = await FindAsync(context, parse.GetRequiredValue(id), ct);
            var owner = new QuestionOwner(new WaitingAgentQuestions(), Json.Text(agent, "id"),
                Json.Text(agent, "name"), Json.Text(agent, "mode"),
                PendingQuestion.FromJson(Json.Find(agent, "pendingQuestions")));
            var given = parse.GetValue(answers) ?? [];
            Dictionary<string, string>? chosen;
            if (given.Length > 0) chosen = AnswerFlags.Parse(given, owner.Questions);
            else if (context.Host.Interactive && !context.Output.IsJson)
            {
                if (Json.String(agent, "status") != "waiting_for_input" || owner.Questions.Count == 0)
                    throw new CliException(ExitCodes.Conflict,
                        $"Agent {owner.Name} is {Status(agent)}; it is not waiting for answers.");
                chosen = QuestionPrompts.Ask(context.Output.Console, owner);
            }
            else throw CliException.Usage("No answers: pass --answer <q-id>=text" + (owner.Questions.Count > 0
                ? $" ({string.Join("; ", owner.Questions.Select(q => $"{q.Id}: {Shorten(q.Text, 60)}"))})."
                : "."));
            if (chosen is null)
            {
                context.Output.Console.WriteLine($"Skipped; agent {owner.Name} still waits.");
                return;
            }
            var resumed = await WaitingAgentQuestions.Send(context, owner.Id, chosen, ct);
            context.Output.Done(resumed, $"Answered {chosen.Count} question(s); agent {owner.Name} is "
                + $"{Status(resumed)}.");
        });
    }

    private static Command Resume()
    {
        var id = AgentId();
        var message = new Argument<string?>("message")
        {
            Description = $"What to tell the agent (default: \"{DefaultResumeMessage}\").",
            Arity = ArgumentArity.ZeroOrOne,
        };
        return new Command("resume", "Resume a stopped or waiting agent's session with a message (POST "
            + "/api/agents/{id}/messages). To answer a waiting agent's questions use 'cw agent answer'.")
        {
            id, message,
        }.Does(async (context, parse, ct) =>
        {
            var agent = await FindAsync(context, parse.GetRequiredValue(id), ct);
            var resumed = await context.Api.PostAsync($"api/agents/{Path(agent)}/messages",
                new { message = parse.GetValue(message) is { Length: > 0 } text ? text : DefaultResumeMessage }, ct);
            context.Output.Done(resumed, $"Agent {Json.Text(resumed, "name")} resumed ({Status(resumed)}).");
        });
    }

    private static Command Prompt()
    {
        var id = AgentId();
        return new Command("prompt", "Print the prompt the agent was given (as in its .cw/PROMPT.md).") { id }
            .Does(async (context, parse, ct) =>
            {
                var agent = await FindAsync(context, parse.GetRequiredValue(id), ct);
                context.Output.Result(agent, () => context.Host.Out.WriteLine(Json.String(agent, "prompt") ?? ""));
            });
    }

    private static Command Stop()
    {
        var id = AgentId();
        return new Command("stop", "Stop a running agent (its process group gets SIGINT, then SIGTERM, then SIGKILL)."
            + " It can be resumed later.") { id }.Does(async (context, parse, ct) =>
        {
            var agent = await FindAsync(context, parse.GetRequiredValue(id), ct);
            var stopped = await context.Api.PostAsync($"api/agents/{Path(agent)}/stop", null, ct);
            context.Output.Done(stopped, $"Agent {Json.Text(stopped, "name")} is {Status(stopped)}.");
        });
    }

    private static Command Dismiss()
    {
        var id = AgentId();
        return new Command("dismiss", "Hide a finished agent from 'cw agent list' (--all still shows it).") { id }
            .Does(async (context, parse, ct) =>
            {
                var agent = await FindAsync(context, parse.GetRequiredValue(id), ct);
                var dismissed = await context.Api.PostAsync($"api/agents/{Path(agent)}/dismiss", null, ct);
                context.Output.Done(dismissed, $"Agent {Json.Text(dismissed, "name")} dismissed.");
            });
    }

    private static Command Delete()
    {
        var id = AgentId();
        return new Command("delete", "Delete an agent that is not running, with its workspace (its branches and "
            + "commits stay in the project's clone; its output stays readable with 'cw agent logs <id>').") { id }
            .Does(async (context, parse, ct) =>
            {
                var agent = await FindAsync(context, parse.GetRequiredValue(id), ct);
                await context.Api.DeleteAsync($"api/agents/{Path(agent)}", ct);
                context.Output.Done(agent, $"Agent {Json.Text(agent, "name")} deleted.");
            });
    }

    /// <summary>An agent by id, else by name (the list includes dismissed ones).</summary>
    internal static async Task<JsonElement> FindAsync(CliContext context, string idOrName, CancellationToken ct)
    {
        try
        {
            return await context.Api.GetAsync($"api/agents/{Uri.EscapeDataString(idOrName)}", ct);
        }
        catch (CliException e) when (e.ExitCode == ExitCodes.NotFound)
        {
            var named = await FindByNameAsync(context, idOrName, ct)
                ?? throw new CliException(ExitCodes.NotFound, $"No agent '{idOrName}' (see cw agent list --all).");
            return await context.Api.GetAsync($"api/agents/{Path(named)}", ct);
        }
    }

    private static async Task<JsonElement?> FindByNameAsync(CliContext context, string name, CancellationToken ct)
    {
        try
        {
            var all = await context.Api.GetAsync("api/agents?includeDismissed=true", ct);
            return Json.Items(all).Where(a => Json.String(a, "name") == name).Select(a => (JsonElement?)a)
                .FirstOrDefault();
        }
        catch (CliException e) when (e.ExitCode is ExitCodes.Denied or ExitCodes.NotFound)
        {
            return null; // an agent's token reads only itself: the id it was given is all there is
        }
    }

    private static async Task FollowAsync(AgentLogPrinter printer, CliContext context, string agentId, long from,
        CancellationToken ct)
    {
        var ended = await printer.FollowAsync(from, ct);
        // Why following stopped, on stderr: stdout stays exactly the agent's output.
        if (context.Output.IsJson) return;
        if (ended.ValueKind != JsonValueKind.Object)
        {
            context.Host.Error.WriteLine($"cw: agent {agentId} was deleted.");
            return;
        }
        var reason = Json.String(ended, "statusReason");
        context.Host.Error.WriteLine($"cw: agent {Json.Text(ended, "name")} is {Status(ended)}"
            + (reason is not null && reason != Json.String(ended, "status") ? $" ({reason})." : "."));
    }

    private static string ReadPrompt(CliContext context, string? prompt, FileInfo? file)
    {
        if (file is not null)
        {
            if (prompt is not null)
                throw CliException.Usage("Give the prompt as an argument or --prompt-file, not both.");
            return file.Exists
                ? File.ReadAllText(file.FullName)
                : throw CliException.Usage($"No file {file.FullName}.");
        }
        var text = prompt == "-" ? context.Host.In.ReadToEnd() : prompt;
        return string.IsNullOrWhiteSpace(text)
            ? throw CliException.Usage("A prompt is required: cw agent spawn \"<what to do>\" (or --prompt-file).")
            : text;
    }

    private static object InputFile(FileInfo file) => file.Exists
        ? new { path = file.Name, content = File.ReadAllText(file.FullName), isContext = false }
        : throw CliException.Usage($"No file {file.FullName} (--input).");

    /// <summary>An execution agent's own branch: it never works on the default branch.</summary>
    private static string WorkBranch(string requestId) => $"cw/agent-{requestId[..Math.Min(8, requestId.Length)]}";

    private static Argument<string> AgentId() => new("id") { Description = "The agent's id or name." };

    private static string Path(JsonElement agent) => Uri.EscapeDataString(Json.Text(agent, "id"));

    /// <summary>
    /// The status, and when it waits for an account, until when; when it waits for capacity, what is short.
    /// </summary>
    private static string Status(JsonElement agent) =>
        Json.String(agent, "waitingForAccountUntil") is not null
            ? $"{Json.Text(agent, "status")} (waiting for an account until "
                + $"{Json.Time(agent, "waitingForAccountUntil")})"
            : Json.String(agent, "status") == "waiting_for_capacity"
                ? $"waiting_for_capacity ({Json.String(agent, "statusReason")})"
                : Json.Text(agent, "status");

    private static string Questions(JsonElement agent) =>
        PendingQuestion.FromJson(Json.Find(agent, "pendingQuestions")) is { Count: > 0 } questions
            ? string.Join("\n", questions.Select(q => $"{q.Id}: {q.Text}"))
            : "-";

    private static string Shorten(string text, int length) => text.Length <= length ? text : text[..length] + "...";
}

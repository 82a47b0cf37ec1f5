using System.CommandLine;
using System.Text.Json;
using Codewalkers.Cli.Core;

namespace Codewalkers.Cli.Commands;

/// <summary>
/// `cw architect`: planning agents. Their output becomes proposals (cw proposal) that you accept or dismiss; nothing
/// they write changes the plan by itself.
/// </summary>
public sealed class ArchitectCommands : ICommandGroup
{
    private static readonly TimeSpan PollEvery = TimeSpan.FromSeconds(2);

    public Command Build() => new("architect",
        "Start planning agents on an initiative or a phase; their results arrive as proposals.")
    {
        OnInitiative("discuss", "Start a discuss architect: it works out the decisions the initiative needs."),
        OnInitiative("plan", "Start a plan architect: it proposes the initiative's phases and their dependencies."),
        OnInitiative("refine", "Start a refine architect: it proposes rewrites of the initiative's pages."),
        Detail(),
    };

    private static Command OnInitiative(string mode, string description)
    {
        var id = new Argument<string>("initiativeId") { Description = "The initiative to work on." };
        return Start(new Command(mode, description) { id }, mode, parse =>
            $"api/initiatives/{Uri.EscapeDataString(parse.GetRequiredValue(id))}/{mode}");
    }

    private static Command Detail()
    {
        var id = new Argument<string>("phaseId") { Description = "The phase to break into tasks." };
        return Start(new Command("detail", "Start a detail architect: it proposes the tasks of one phase.") { id },
            "detail", parse => $"api/phases/{Uri.EscapeDataString(parse.GetRequiredValue(id))}/detail");
    }

    private static Command Start(Command command, string mode, Func<ParseResult, string> path)
    {
        var context = new Option<string?>("--context", "-c")
        {
            HelpName = "text",
            Description = "Extra instructions for the agent (what to focus on, what to leave out).",
        };
        var provider = new Option<string?>("--provider")
        {
            HelpName = "provider",
            Description = "The agent CLI to run it with (default: the system's default provider).",
        };
        var wait = new Option<bool>("--wait")
        {
            Description = "Wait until the agent has finished (exit 0) or failed (exit 1, with its error).",
        };
        command.Options.Add(context);
        command.Options.Add(provider);
        command.Options.Add(wait);
        return command.Does(async (cli, parse, ct) =>
        {
            var assignment = await cli.Api.PostAsync(path(parse), RequestBody.Of(
                ("instructions", parse.GetValue(context)), ("provider", parse.GetValue(provider))), ct);
            var initiativeId = Json.Text(assignment, "initiativeId");
            if (!parse.GetValue(wait))
            {
                cli.Output.Done(assignment, $"{Capitalized(mode)} architect asked for (assignment " +
                    $"{Json.Text(assignment, "id")}). How it goes: cw initiative assignments {initiativeId}; " +
                    $"its proposals: cw proposal list --initiative {initiativeId}");
                return ExitCodes.Success;
            }
            var final = await WaitAsync(cli, assignment, ct);
            if (Json.String(final, "status") == "failed")
            {
                if (cli.Output.IsJson) cli.Output.WriteJson(final);
                throw new CliException(ExitCodes.Failure,
                    $"{Capitalized(mode)} architect failed: {Json.Text(final, "error")}");
            }
            cli.Output.Done(final, $"{Capitalized(mode)} architect finished. Its proposals: cw proposal list " +
                $"--initiative {initiativeId} --status pending");
            return ExitCodes.Success;
        });
    }

    /// <summary>The assignment once finished or failed, read from the initiative's assignments.</summary>
    private static async Task<JsonElement> WaitAsync(CliContext cli, JsonElement assignment, CancellationToken ct)
    {
        var id = Json.String(assignment, "id");
        var path = QueryString.Path($"api/initiatives/{Uri.EscapeDataString(Json.Text(assignment, "initiativeId"))}" +
            "/assignments", ("take", "500"));
        while (true)
        {
            var current = Json.Items(await cli.Api.GetAsync(path, ct), "items")
                .FirstOrDefault(a => Json.String(a, "id") == id);
            if (current.ValueKind == JsonValueKind.Object
                && Json.String(current, "status") is "finished" or "failed") return current;
            await Task.Delay(PollEvery, ct);
        }
    }

    private static string Capitalized(string mode) => char.ToUpperInvariant(mode[0]) + mode[1..];
}

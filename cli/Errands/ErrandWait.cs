using System.CommandLine;
using System.Text.Json;
using Codewalkers.Cli.Core;
using Codewalkers.Cli.Streaming;
using Spectre.Console;

namespace Codewalkers.Cli.Errands;

/// <summary>
/// `--wait` of the errand commands: looks at GET /api/errands/{id} every <c>--interval</c> seconds until
/// <see cref="ErrandSettleRule"/> says it is settled, then prints it. Exit 0 when it reached what the command works
/// towards (pending_review, or merged), else 1 with why on stderr. A gateway or service that drops out meanwhile (a
/// restart) is asked again with <see cref="ReconnectPolicy.ForStream"/>'s pauses, then exit 5; Ctrl+C exits 130.
/// </summary>
public sealed class ErrandWait(CliContext context, TimeSpan interval, ReconnectPolicy reconnect)
{
    public static Option<bool> WaitOption(string until, string goal) => new("--wait")
    {
        Description = $"Then wait until {until} and print the errand; exit 0 when it is {goal}, 1 when it ended " +
            "otherwise (conflict, abandoned, not merged, a new error) or its agent waits for answers, crashed, " +
            "stopped or is gone.",
    };

    public static Option<double> IntervalOption() =>
        Arguments.Interval("Seconds between two looks at the errand while waiting (--wait).");

    /// <summary>
    /// Waits on the errand <paramref name="asked"/> answered (null: on <paramref name="id"/> as it is now) until it
    /// settles; prints it and returns the exit code. <paramref name="goal"/> is the status the command works towards.
    /// </summary>
    public async Task<int> RunAsync(string id, JsonElement? asked, string goal, CancellationToken ct)
    {
        var rule = new ErrandSettleRule(asked);
        // Errors are judged against what the errand had when asked (or, waiting on it as it is, at the first look).
        var baseline = asked;
        string? shown = null;
        try
        {
            while (true)
            {
                var errand = await LookAsync(id, ct);
                baseline ??= errand;
                var state = $"{ErrandView.Status(errand)}, agent {ErrandView.Agent(errand)}";
                if (!context.Output.IsJson && state != shown)
                    context.Output.Console.WriteLine($"{ErrandView.Clock(DateTimeOffset.Now)}  {state}");
                shown = state;
                if (rule.IsSettled(errand)) return Finish(errand, baseline, goal);
                await Task.Delay(interval, ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            await context.Host.Error.WriteLineAsync($"cw: stopped waiting; errand {id} goes on.");
            throw;
        }
    }

    private int Finish(JsonElement errand, JsonElement? asked, string goal)
    {
        if (context.Output.IsJson) context.Output.WriteJson(errand);
        else
        {
            context.Output.Console.WriteLine();
            ErrandView.Print(context.Output.Console, errand);
        }
        if (Shortfall(errand, asked, goal) is not { } why) return ExitCodes.Success;
        context.Host.Error.WriteLine($"cw: {why}");
        return ExitCodes.Failure;
    }

    /// <summary>Why the errand did not get where the command was going; null when it did.</summary>
    internal static string? Shortfall(JsonElement errand, JsonElement? asked, string goal)
    {
        var id = Json.Text(errand, "id");
        var status = Json.String(errand, "status");
        var error = Json.String(errand, "error");
        // An error the errand already had when asked is old news; a new one says the step failed.
        var newError = error is not null && (asked is not { } a || Json.String(a, "error") != error) ? error : null;
        var agent = Json.String(errand, "agentName") ?? "(not started)";
        return status switch
        {
            _ when (status == goal || status == "merged") && newError is null => null,
            "conflict" => $"Errand {id} conflicts with {Json.Text(errand, "baseBranch")} in " +
                $"{ErrandView.ConflictFiles(errand)}: cw errand resolve {id}",
            "abandoned" => $"Errand {id} was abandoned" + (error is null ? "." : $": {error}"),
            "pending_review" when goal == "merged" =>
                $"Errand {id} was not merged: {newError ?? "it is pending review"}",
            "pending_review" => $"Errand {id}: {newError}",
            _ when ErrandView.IsAgentGone(errand) =>
                $"Errand {id}'s agent {agent} is gone; nothing moves the errand on: cw errand abandon {id}",
            _ => Json.String(errand, "agentStatus") switch
            {
                "waiting_for_input" => $"Errand {id}'s agent {agent} waits for your answers: cw inbox, or cw errand " +
                    $"chat {id} <answer>",
                "crashed" => $"Errand {id}'s agent {agent} crashed" + (error is null ? "" : $" ({error})") +
                    $": cw errand chat {id} <message> resumes it",
                _ => $"Errand {id}'s agent {agent} stopped before it was done: cw errand chat {id} <message> " +
                    "resumes it",
            },
        };
    }

    private Task<JsonElement> LookAsync(string id, CancellationToken ct) =>
        new PatientLook(context, reconnect).GetAsync($"api/errands/{Uri.EscapeDataString(id)}", $"errand {id} goes on", ct);
}

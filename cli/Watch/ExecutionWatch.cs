using System.Text.Json;
using Codewalkers.Cli.Core;

namespace Codewalkers.Cli.Watch;

/// <summary>
/// `cw initiative execute --watch`: reads the initiative's tree every <paramref name="interval"/>, shows the
/// progress (a live table on a terminal, a line per change otherwise, a JSON object per change with --json) and
/// stops as <see cref="StopRule"/> decides. A gateway that stops answering for a moment is waited for.
/// </summary>
public sealed class ExecutionWatch(CliContext context, string initiativeId, TimeSpan interval,
    TimeProvider? clock = null)
{
    private const int UnreachableLooksAllowed = 5;
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private readonly StopRule _stop = new();
    private int _unreachable;
    private bool _first = true;

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        IWatchView view = context.Output.IsJson ? new JsonLinesView(context.Host.Out, _clock)
            : context.Host.Interactive ? new LiveView(context.Output.Console, _clock)
            : new TextLinesView(context.Output.Console, _clock);
        try
        {
            var progress = await view.RunAsync(NextAsync, cancellationToken);
            var holds = await WithReasonsAsync(progress.Holds, cancellationToken);
            view.Finish(progress with { Holds = holds });
            return StopRule.ExitCode(progress.State);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await context.Host.Error.WriteLineAsync(
                $"cw: stopped watching; initiative {initiativeId} goes on executing.");
            throw;
        }
    }

    /// <summary>The next look at the plan (after the interval, but the first) and whether to stop there.</summary>
    private async Task<(ExecutionProgress Progress, bool Stop)> NextAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (!_first) await Task.Delay(interval, _clock, cancellationToken);
            _first = false;
            JsonElement tree;
            try
            {
                tree = await context.Api.GetAsync($"api/initiatives/{Uri.EscapeDataString(initiativeId)}/tree",
                    cancellationToken);
                _unreachable = 0;
            }
            catch (CliException e) when (e.ExitCode == ExitCodes.Unreachable
                && ++_unreachable < UnreachableLooksAllowed)
            {
                continue;
            }
            var progress = ExecutionProgress.Of(Plan.Read(tree));
            return (progress, _stop.ShouldStop(progress));
        }
    }

    /// <summary>Blocked tasks and phases with the reason the API keeps for them (the tree does not carry it).</summary>
    private async Task<IReadOnlyList<Hold>> WithReasonsAsync(IReadOnlyList<Hold> holds,
        CancellationToken cancellationToken)
    {
        if (!holds.Any(h => h.Status == "blocked")) return holds;
        var reasons = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var kind in new[] { "tasks", "phases" })
        {
            var blocked = await context.Api.GetAsync(QueryString.Path($"api/{kind}",
                ("initiativeId", initiativeId), ("status", "blocked"), ("take", "500")), cancellationToken);
            foreach (var item in Json.Items(blocked, "items"))
                reasons[Json.String(item, "id") ?? ""] = Json.String(item, "blockedReason");
        }
        return [.. holds.Select(h => h.Status == "blocked" ? h with { Reason = reasons.GetValueOrDefault(h.Id) } : h)];
    }
}

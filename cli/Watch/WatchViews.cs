using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Codewalkers.Cli.Watch;

/// <summary>The next look at the plan, and whether the watch stops there.</summary>
public delegate Task<(ExecutionProgress Progress, bool Stop)> NextLook(CancellationToken cancellationToken);

/// <summary>How the watch shows progress; the decisions are made elsewhere (<see cref="ExecutionProgress"/>).</summary>
public interface IWatchView
{
    /// <summary>Shows each look until one says stop; returns that last one.</summary>
    Task<ExecutionProgress> RunAsync(NextLook next, CancellationToken cancellationToken);

    /// <summary>What the person (or script) does next: review, approve, retry what is blocked.</summary>
    void Finish(ExecutionProgress progress);
}

/// <summary>
/// Not a terminal: one line per change, e.g. <c>12:01:03 3/7 done, 2 running, 2 waiting, 0 blocked; ...</c>.
/// </summary>
public sealed class TextLinesView(IAnsiConsole console, TimeProvider clock) : IWatchView
{
    public async Task<ExecutionProgress> RunAsync(NextLook next, CancellationToken cancellationToken)
    {
        string? last = null;
        while (true)
        {
            var (progress, stop) = await next(cancellationToken);
            if (progress.ChangeKey != last) console.WriteLine(Line(progress, clock.GetLocalNow()));
            last = progress.ChangeKey;
            if (stop) return progress;
        }
    }

    public static string Line(ExecutionProgress p, DateTimeOffset now) =>
        $"{now.ToString("HH:mm:ss", CultureInfo.InvariantCulture)} {p.Total.Done}/{p.Total.Total} done, " +
        $"{p.Total.Running} running, {p.Total.Waiting} waiting, {p.Total.Blocked} blocked; " +
        $"phases {p.PhasesDone}/{p.Phases.Count} done; initiative {p.InitiativeStatus}";

    public void Finish(ExecutionProgress progress) => WatchSummary.Write(console, progress);
}

/// <summary>A terminal: a table of phases with a bar each, redrawn in place.</summary>
public sealed class LiveView(IAnsiConsole console, TimeProvider clock) : IWatchView
{
    private const int BarWidth = 16;

    public async Task<ExecutionProgress> RunAsync(NextLook next, CancellationToken cancellationToken)
    {
        ExecutionProgress? last = null;
        await console.Live(new Text("Reading the plan...")).AutoClear(false).StartAsync(async live =>
        {
            while (true)
            {
                var (progress, stop) = await next(cancellationToken);
                live.UpdateTarget(Render(progress, clock.GetLocalNow()));
                live.Refresh();
                last = progress;
                if (stop) return;
            }
        });
        return last!;
    }

    public void Finish(ExecutionProgress progress) => WatchSummary.Write(console, progress);

    public static IRenderable Render(ExecutionProgress p, DateTimeOffset now)
    {
        var table = new Table().Border(TableBorder.Simple)
            .Title($"[bold]{Markup.Escape(p.Name)}[/] {StatusStyle.Markup(p.InitiativeStatus)} " +
                $"[dim]{now.ToString("HH:mm:ss", CultureInfo.InvariantCulture)}[/]")
            .AddColumn("PHASE").AddColumn(new TableColumn("STATUS").NoWrap())
            .AddColumn(new TableColumn("PROGRESS").NoWrap())
            .AddColumn(new TableColumn("DONE").RightAligned()).AddColumn(new TableColumn("RUN").RightAligned())
            .AddColumn(new TableColumn("WAIT").RightAligned()).AddColumn(new TableColumn("BLOCK").RightAligned());
        foreach (var phase in p.Phases)
            table.AddRow(Row(Markup.Escape(phase.Name), StatusStyle.Markup(phase.Status), phase.Tasks));
        table.AddEmptyRow();
        table.AddRow(Row("[bold]Total[/]", $"{p.PhasesDone}/{p.Phases.Count} phases", p.Total));
        return table;
    }

    private static IRenderable[] Row(string name, string status, TaskCounts c) =>
    [
        new Markup(name), new Markup(status), new Markup(Bar(c)), new Text($"{c.Done}/{c.Total}"),
        new Markup(c.Running > 0 ? $"[blue]{c.Running}[/]" : "0"),
        new Text(c.Waiting.ToString(CultureInfo.InvariantCulture)),
        new Markup(c.Blocked > 0 ? $"[red]{c.Blocked}[/]" : "0"),
    ];

    /// <summary>Done green, running blue, blocked red, waiting grey; an empty phase is an empty bar.</summary>
    public static string Bar(TaskCounts c)
    {
        if (c.Total == 0) return $"[grey]{new string('░', BarWidth)}[/]";
        int Width(int n) => (int)Math.Round(n * (double)BarWidth / c.Total);
        var done = Width(c.Done);
        var running = Math.Min(BarWidth - done, Width(c.Running));
        var blocked = Math.Min(BarWidth - done - running, Width(c.Blocked));
        var waiting = BarWidth - done - running - blocked;
        return $"[green]{new string('█', done)}[/][blue]{new string('█', running)}[/]" +
            $"[red]{new string('█', blocked)}[/][grey]{new string('░', waiting)}[/]";
    }
}

/// <summary>
/// --json: one JSON object per line per change (field names in <see cref="WatchLine"/>); the last one carries the
/// holds when the watch stops on something only you can move.
/// </summary>
public sealed class JsonLinesView(TextWriter output, TimeProvider clock) : IWatchView
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private string? _last;

    public async Task<ExecutionProgress> RunAsync(NextLook next, CancellationToken cancellationToken)
    {
        while (true)
        {
            var (progress, stop) = await next(cancellationToken);
            if (stop) return progress; // written by Finish, with the holds' reasons
            if (progress.ChangeKey != _last)
                output.WriteLine(JsonSerializer.Serialize(WatchLine.Of(progress, clock), Options));
            _last = progress.ChangeKey;
        }
    }

    public void Finish(ExecutionProgress progress) =>
        output.WriteLine(JsonSerializer.Serialize(WatchLine.Of(progress, clock, final: true), Options));
}

/// <summary>The JSON the watch prints per change (stable field names, documented in docs/cli.md).</summary>
public sealed record WatchLine(
    DateTimeOffset Time, string InitiativeId, string Status, string State, int Done, int Running, int Waiting,
    int Blocked, int Total, int PhasesDone, IReadOnlyList<WatchLine.PhaseLine> Phases,
    IReadOnlyList<WatchLine.HoldLine>? Holds, int? ExitCode)
{
    public sealed record PhaseLine(string Id, string Name, string Status, int Done, int Running, int Waiting,
        int Blocked, int Total);

    public sealed record HoldLine(string Kind, string Id, string Name, string Status, string? Reason);

    public static WatchLine Of(ExecutionProgress p, TimeProvider clock, bool final = false) => new(
        clock.GetUtcNow(), p.InitiativeId, p.InitiativeStatus, StateText(p.State), p.Total.Done, p.Total.Running,
        p.Total.Waiting, p.Total.Blocked, p.Total.Total, p.PhasesDone,
        [
            .. p.Phases.Select(f => new PhaseLine(f.Id, f.Name, f.Status, f.Tasks.Done, f.Tasks.Running,
                f.Tasks.Waiting, f.Tasks.Blocked, f.Tasks.Total)),
        ],
        final ? [.. p.Holds.Select(h => new HoldLine(h.Kind, h.Id, h.Name, h.Status, h.Reason))] : null,
        final ? StopRule.ExitCode(p.State) : null);

    /// <summary>running, in_review, completed, phase_review, blocked, archived.</summary>
    public static string StateText(WatchState state) => JsonNamingPolicy.SnakeCaseLower.ConvertName(state.ToString());
}

/// <summary>The closing lines for a person: why the watch stopped and the commands that move things on.</summary>
public static class WatchSummary
{
    public static void Write(IAnsiConsole console, ExecutionProgress p)
    {
        var id = p.InitiativeId;
        switch (p.State)
        {
            case WatchState.InReview:
                console.WriteLine($"Initiative {p.Name} is ready for your review: cw initiative approve {id} " +
                    $"(or --push-branch-only for a pull request).");
                break;
            case WatchState.Completed:
                console.WriteLine($"Initiative {p.Name} is completed.");
                break;
            case WatchState.Archived:
                console.WriteLine($"Initiative {p.Name} was archived.");
                break;
            case WatchState.PhaseReview or WatchState.Blocked:
                console.WriteLine(p.State == WatchState.PhaseReview
                    ? "Nothing else can run until you review:"
                    : "Nothing else can run: work is blocked.");
                foreach (var hold in p.Holds) console.WriteLine($"  {Describe(hold)}");
                break;
        }
    }

    public static string Describe(Hold h) => (h.Kind, h.Status) switch
    {
        ("task", _) => $"task {h.Name} ({h.Id}) is blocked: {h.Reason ?? "no reason given"}; cw task retry {h.Id}",
        ("phase", "pending") => $"phase {h.Name} ({h.Id}) is not approved: cw phase approve {h.Id}",
        ("phase", "pending_review") => $"phase {h.Name} ({h.Id}) waits for your review: cw phase diff {h.Id}, " +
            $"then cw phase review approve {h.Id} (or request-changes {h.Id} --feedback \"...\")",
        _ => $"phase {h.Name} ({h.Id}) is blocked: {h.Reason ?? "no reason given"}",
    };
}

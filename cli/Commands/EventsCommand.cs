using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Codewalkers.Cli.Core;
using Codewalkers.Cli.Streaming;
using Spectre.Console;

namespace Codewalkers.Cli.Commands;

/// <summary>
/// `cw events`: the activity feed (GET /api/events): what agents, tasks, phases and initiatives did, as one line each.
/// With --follow it stays on the live stream, and after a dropped connection resumes after the last event it printed,
/// so nothing is printed twice or lost.
/// </summary>
public sealed class EventsCommand : ICommandGroup
{
    public Command Build()
    {
        var initiative = new Option<string?>("--initiative")
        {
            HelpName = "initiative-id", Description = "Only the events of this initiative.",
        };
        var errand = new Option<string?>("--errand")
        {
            HelpName = "errand-id", Description = "Only the events of this errand.",
        };
        var kinds = new Option<string[]>("--kind")
        {
            HelpName = "kind",
            Description = "Only these kinds (repeatable), e.g. agent.waiting_for_input task.blocked; "
                + "docs/events.md lists them.",
            AllowMultipleArgumentsPerToken = true,
        };
        var follow = new Option<bool>("--follow", "-f")
        {
            Description = "Keep printing new events as they happen, until Ctrl+C.",
        };
        var after = new Option<long?>("--after")
        {
            HelpName = "event-id",
            Description = "Start after this event id (with --follow: replay from there, then live).",
        };
        var limit = new Option<int>("--limit")
        {
            HelpName = "n", Description = "Without --follow: how many events (the latest; 1..1000).",
            DefaultValueFactory = _ => 50,
        };
        return new Command("events",
            "Show the activity feed: agents waiting for input or crashed, tasks blocked or completed, phases ready "
            + "for review, initiatives done. --json prints the API's page (with --follow: one event per line).")
        {
            initiative, errand, kinds, follow, after, limit,
        }.Does(async (context, parse, ct) =>
        {
            var filter = Filter(parse.GetValue(initiative), parse.GetValue(errand), parse.GetValue(kinds) ?? []);
            if (parse.GetValue(follow))
            {
                await FollowAsync(context, filter, parse.GetValue(after), ct);
                return;
            }
            var query = filter.Append(("limit", parse.GetValue(limit).ToString(CultureInfo.InvariantCulture)));
            if (parse.GetValue(after) is { } from) query = query.Append(("after", Id(from)));
            var page = await context.Api.GetAsync(QueryString.Path("api/events", [.. query]), ct);
            if (context.Output.IsJson)
            {
                context.Output.WriteJson(page);
                return;
            }
            var events = Json.Items(page, "events").ToList();
            if (events.Count == 0) context.Output.Console.WriteLine("No events.");
            foreach (var item in events) context.Output.Console.WriteLine(Line(item));
        });
    }

    private static IEnumerable<(string, string?)> Filter(string? initiative, string? errand, string[] kinds) =>
        new[] { ("initiativeId", initiative), ("errandId", errand) }.Concat(kinds.Select(k => ("kind", (string?)k)));

    private static async Task FollowAsync(
        CliContext context, IEnumerable<(string, string?)> filter, long? after, CancellationToken cancellationToken)
    {
        var reconnect = ReconnectPolicy.ForStream();
        var lastId = after;
        while (true)
        {
            string why;
            try
            {
                var query = lastId is { } from ? filter.Append(("after", Id(from))) : filter;
                var path = QueryString.Path("api/events", [.. query]);
                await foreach (var item in context.Api.StreamAsync(path, reconnect.Connected, cancellationToken))
                {
                    if (!long.TryParse(item.EventId, CultureInfo.InvariantCulture, out var id)) continue;
                    var entry = JsonDocument.Parse(item.Data).RootElement;
                    if (context.Output.IsJson) context.Host.Out.WriteLine(JsonSerializer.Serialize(entry));
                    else context.Output.Console.WriteLine(Line(entry));
                    context.Host.Out.Flush();
                    lastId = id;
                }
                why = "the stream ended";
            }
            catch (Exception e) when (e is IOException or HttpRequestException
                                      || e is CliException { ExitCode: ExitCodes.Unreachable })
            {
                cancellationToken.ThrowIfCancellationRequested();
                why = e.Message;
            }
            if (!await reconnect.WaitAsync(cancellationToken))
                throw new CliException(ExitCodes.Unreachable, $"Lost the events stream ({why}).");
            context.Host.Error.WriteLine($"cw: connection lost ({why}); resuming after event {lastId ?? 0}.");
        }
    }

    /// <summary><c>22:15:02  agent.waiting_for_input  swift-otter (agent abc)  initiative=i1 task=t1</c>.</summary>
    internal static string Line(JsonElement entry)
    {
        var at = Json.Find(entry, "occurredAt") is { ValueKind: JsonValueKind.String } time
            ? time.GetDateTimeOffset().ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)
            : "-";
        var data = Json.Find(entry, "data");
        var name = data is { } d
            ? Json.String(d, "agentName") ?? Json.String(d, "name") ?? Json.String(d, "description")
            : null;
        var where = string.Join(' ', new[] { "initiativeId", "phaseId", "taskId", "errandId", "agentId" }
            .Select(field => (field[..^2], Json.String(entry, field)))
            .Where(part => part.Item2 is not null)
            .Select(part => $"{part.Item1}={part.Item2}"));
        return $"{Json.Text(entry, "id"),6}  {at}  {Json.Text(entry, "kind"),-26} {name ?? ""}  {where}".TrimEnd();
    }

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);
}

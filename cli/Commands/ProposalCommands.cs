using System.CommandLine;
using System.Text.Json;
using Codewalkers.Cli.Core;

namespace Codewalkers.Cli.Commands;

/// <summary>`cw proposal`: what architect agents propose to create, change or delete in a plan.</summary>
public sealed class ProposalCommands : ICommandGroup
{
    private static readonly Column[] Columns =
    [
        new("ID", "id"), new("PROPOSES", Proposes), new("TITLE", "title"), new("STATUS", "status"),
        new("AGENT", "agentId"),
    ];

    public Command Build() => new("proposal", "Review what architect agents propose: accept or dismiss it.")
    {
        List(), Accept(), Dismiss(), AcceptAll(),
    };

    private static Command List()
    {
        var initiative = new Option<string>("--initiative")
        {
            HelpName = "initiative-id",
            Description = "The initiative whose proposals to list.",
            Required = true,
        };
        var status = new Option<string?>("--status") { Description = "Only proposals in this status." }
            .AcceptOnlyFromAmong("pending", "accepted", "dismissed");
        var agent = new Option<string?>("--agent")
        {
            HelpName = "agent-id",
            Description = "Only the proposals of this agent (id).",
        };
        return new Command("list", "List an initiative's proposals in the order the agent made them.")
        {
            initiative, status, agent,
        }.Does(async (context, parse, ct) => context.Output.PagedTable(await context.Api.GetAsync(
                QueryString.Path("api/proposals", ("initiativeId", parse.GetRequiredValue(initiative)),
                    ("status", parse.GetValue(status)), ("agentId", parse.GetValue(agent)), ("take", "500")), ct),
            "No proposals.", Columns));
    }

    private static Command Accept()
    {
        var id = Arguments.Id("proposal");
        return new Command("accept",
            "Apply one pending proposal to the plan (recorded as a change set). One that depends on another still " +
            "pending proposal is refused (exit 4): accept that one first, or use accept-all.")
        {
            id,
        }.Does(async (context, parse, ct) =>
        {
            var answer = await context.Api.PostAsync(
                $"api/proposals/{Uri.EscapeDataString(parse.GetRequiredValue(id))}/accept", null, ct);
            var proposal = Json.Items(answer, "proposals").FirstOrDefault();
            context.Output.Done(answer, $"Accepted: {Proposes(proposal)} {Json.Text(proposal, "title")}" +
                (Json.String(proposal, "appliedEntityId") is { } applied ? $" ({applied})" : "") + ".");
        });
    }

    private static Command Dismiss()
    {
        var id = Arguments.Id("proposal");
        return new Command("dismiss", "Dismiss one pending proposal; the plan stays as it is.") { id }
            .Does(async (context, parse, ct) =>
            {
                var proposal = await context.Api.PostAsync(
                    $"api/proposals/{Uri.EscapeDataString(parse.GetRequiredValue(id))}/dismiss", null, ct);
                context.Output.Done(proposal, $"Dismissed: {Json.Text(proposal, "title")}.");
            });
    }

    private static Command AcceptAll()
    {
        var initiative = new Option<string>("--initiative")
        {
            HelpName = "initiative-id",
            Description = "The initiative whose pending proposals to accept.",
            Required = true,
        };
        var agent = new Option<string?>("--agent")
        {
            HelpName = "agent-id",
            Description = "Only the proposals of this agent (default: of every agent that has pending ones).",
        };
        return new Command("accept-all",
            "Accept every pending proposal of the initiative: per agent as one change set, dependencies between " +
            "its proposals resolved. --json prints the API's answers (one array element per change set).")
        {
            initiative, agent,
        }.Does(async (context, parse, ct) =>
        {
            var initiativeId = parse.GetRequiredValue(initiative);
            // The API accepts all of one agent's proposals at once: ask it once per agent with pending ones.
            var agents = parse.GetValue(agent) is { } one
                ? [one]
                : await AgentsWithPendingAsync(context, initiativeId, ct);
            var changeSets = new List<JsonElement>();
            foreach (var agentId in agents)
                changeSets.AddRange(Json.Items(await context.Api.PostAsync("api/proposals/accept-all",
                    new { agentId, initiativeId }, ct)));
            var accepted = changeSets.SelectMany(c => Json.Items(c, "proposals")).ToList();
            context.Output.Done(JsonSerializer.SerializeToElement(changeSets), accepted.Count == 0
                ? "No pending proposals."
                : $"Accepted {accepted.Count} proposal(s) in {changeSets.Count} change set(s): " +
                    string.Join(", ", changeSets.Select(c => Json.Text(c, "changeSetId"))) + ".");
        });
    }

    private static async Task<List<string>> AgentsWithPendingAsync(CliContext context, string initiativeId,
        CancellationToken ct)
    {
        var agents = new List<string>();
        for (var skip = 0; ; skip += 500)
        {
            var page = await context.Api.GetAsync(QueryString.Path("api/proposals", ("initiativeId", initiativeId),
                ("status", "pending"), ("skip", skip.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                ("take", "500")), ct);
            var items = Json.Items(page, "items").ToList();
            foreach (var agentId in items.Select(p => Json.String(p, "agentId")).OfType<string>())
                if (!agents.Contains(agentId)) agents.Add(agentId);
            if (items.Count == 0 || skip + items.Count >= Json.Int(page, "total")) return agents;
        }
    }

    /// <summary>"create phase", "update page", "delete task": what accepting would do.</summary>
    private static string Proposes(JsonElement proposal)
    {
        var action = Json.String(proposal, "metadata.action") == "delete" ? "delete"
            : Json.String(proposal, "targetId") is null ? "create" : "update";
        return $"{action} {Json.Text(proposal, "targetType")}";
    }
}

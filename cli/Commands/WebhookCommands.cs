using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Codewalkers.Cli.Core;
using Spectre.Console;

namespace Codewalkers.Cli.Commands;

/// <summary>`cw webhook`: receivers that get chosen feed events POSTed to them, signed (docs/events.md).</summary>
public sealed class WebhookCommands : ICommandGroup
{
    public Command Build() => new("webhook",
        "Register URLs that get chosen events POSTed to them (signed with HMAC-SHA256), and see their deliveries.")
    {
        Add(), List(), Remove(), Deliveries(),
    };

    private static Command Add()
    {
        var url = new Argument<string>("url") { Description = "The absolute http or https address to POST to." };
        var kinds = new Option<string[]>("--kind")
        {
            HelpName = "kind",
            Description = "An event kind to send (repeatable), e.g. agent.waiting_for_input task.blocked "
                + "phase.pending_review initiative.completed.",
            AllowMultipleArgumentsPerToken = true,
            Required = true,
        };
        var description = new Option<string?>("--description") { Description = "What it is for (shown in list)." };
        return new Command("add",
            "Register a webhook. Prints its signing secret, which is shown this once: keep it to verify deliveries.")
        {
            url, kinds, description,
        }.Does(async (context, parse, ct) =>
        {
            var created = await context.Api.PostAsync("api/webhooks", new
            {
                url = parse.GetRequiredValue(url), kinds = parse.GetValue(kinds),
                description = parse.GetValue(description),
            }, ct);
            context.Output.Result(created, () =>
            {
                context.Output.Console.WriteLine($"Webhook {Json.Text(created, "id")} added for "
                    + string.Join(", ", Json.Items(created, "kinds").Select(Json.Show)) + ".");
                context.Output.Console.WriteLine($"Secret: {Json.Text(created, "secret")}");
                context.Output.Console.WriteLine(
                    "It is shown only now. Deliveries carry X-Codewalkers-Signature: "
                    + "sha256=<HMAC-SHA256 of the body>.");
            });
        });
    }

    private static Command List() => new Command("list", "List the webhooks (without their secrets).")
        .Does(async (context, _, ct) => context.Output.Table(
            await context.Api.GetAsync("api/webhooks", ct), "No webhooks. Add one: cw webhook add <url> --kind <kind>",
            new Column("ID", "id"), new Column("URL", "url"),
            new Column("KINDS", e => string.Join(",", Json.Items(e, "kinds").Select(Json.Show))),
            new Column("DESCRIPTION", "description"), new Column("CREATED", e => Json.Time(e, "createdAt"))));

    private static Command Remove()
    {
        var id = Arguments.Id("webhook");
        return new Command("remove", "Remove a webhook; what it was still owed is not sent.") { id }
            .Does(async (context, parse, ct) =>
            {
                var webhookId = parse.GetRequiredValue(id);
                await context.Api.DeleteAsync($"api/webhooks/{Uri.EscapeDataString(webhookId)}", ct);
                context.Output.Done(JsonSerializer.SerializeToElement(new { id = webhookId, removed = true }),
                    $"Webhook {webhookId} removed.");
            });
    }

    private static Command Deliveries()
    {
        var id = Arguments.Id("webhook");
        var limit = new Option<int>("--limit")
        {
            HelpName = "n", Description = "How many, newest first (1..200).", DefaultValueFactory = _ => 20,
        };
        return new Command("deliveries",
            "A webhook's recent deliveries: delivered, pending (with the next attempt and the last error) or failed.")
        {
            id, limit,
        }.Does(async (context, parse, ct) => context.Output.Table(
            await context.Api.GetAsync(QueryString.Path(
                $"api/webhooks/{Uri.EscapeDataString(parse.GetRequiredValue(id))}/deliveries",
                ("limit", parse.GetValue(limit).ToString(CultureInfo.InvariantCulture))), ct),
            "No deliveries yet.",
            new Column("ID", "id"), new Column("EVENT", "eventId"), new Column("KIND", "kind"),
            new Column("STATUS", "status"), new Column("ATTEMPTS", "attempts"),
            new Column("CODE", "lastStatusCode"), new Column("NEXT", e => Json.Time(e, "nextAttemptAt")),
            new Column("ERROR", "lastError")));
    }
}

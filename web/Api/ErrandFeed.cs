using Codewalkers.Web.Live;

namespace Codewalkers.Web.Api;

/// <summary>
/// Which feed entries change what an errand page shows. Ids are read from the entry's data (the kind's payload names
/// them as the API spells them), and an errand agent's status moves the errand too.
/// </summary>
public static class ErrandFeed
{
    public static bool TouchesErrands(FeedEntry entry) =>
        entry.Subject == "errand" || (entry.Subject == "agent" && Text(entry, "mode") == "errand");

    public static bool Touches(FeedEntry entry, string errandId) =>
        entry.Subject == "errand" ? Text(entry, "errandId") == errandId : TouchesErrands(entry);

    internal static string? Text(FeedEntry entry, string name) =>
        entry.Data.ValueKind == System.Text.Json.JsonValueKind.Object
        && entry.Data.TryGetProperty(name, out var value) && value.ValueKind == System.Text.Json.JsonValueKind.String
            ? value.GetString() : null;
}

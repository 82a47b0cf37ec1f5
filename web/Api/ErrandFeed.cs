using Codewalkers.Web.Live;

namespace Codewalkers.Web.Api;

/// <summary>Which feed entries change what an errand page shows: the errand's own entries, and its agent's status.</summary>
public static class ErrandFeed
{
    public static bool TouchesErrands(FeedEntry entry) =>
        entry.Subject == "errand" || (entry.Subject == "agent" && entry.Text("mode") == "errand");

    public static bool Touches(FeedEntry entry, string errandId) =>
        entry.Subject == "errand" ? entry.ErrandId == errandId : TouchesErrands(entry);
}

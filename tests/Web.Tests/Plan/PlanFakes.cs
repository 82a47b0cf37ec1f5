using System.Text.Json;
using Codewalkers.Web.Api;
using Codewalkers.Web.Live;

namespace Codewalkers.Web.Tests.Plan;

/// <summary>Planning answers the plan views read, with ids shaped as the feed can carry them.</summary>
internal static class PlanFakes
{
    public const string InitiativeId = "0f8fad5b-d9cb-469f-a165-70867728950e";
    public const string RootPageId = "root-page-000000000001";

    public static PlanInitiative Initiative(string id = InitiativeId, string name = "Checkout rewrite",
        string status = "active") =>
        new(id, name, status, "cw/checkout-rewrite", false, "review_per_phase", false, ["p1"], RootPageId,
            DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, 1, null);

    public static PlanTree Tree(IReadOnlyList<PlanTreePhase>? phases = null, IReadOnlyList<PlanTreeTask>? tasks = null,
        IReadOnlyList<PlanDependency>? phaseDependencies = null, string id = InitiativeId) =>
        new(id, "Checkout rewrite", "active", phases ?? [], tasks ?? [], phaseDependencies ?? [], []);

    public static PlanTreePhase Phase(string id, string name, string status = "pending") =>
        new(id, name, status, DateTimeOffset.UnixEpoch, 1);

    public static PlanTreeTask Task(string id, string phaseId, string name, string status = "pending") =>
        new(id, phaseId, null, name, "execute", "medium", status, 0, 0, 1);

    public static PlanPaged<T> Paged<T>(params T[] items) => new(items, items.Length, 0, 100);

    /// <summary>A feed entry about the initiative, read from JSON as the live feed reads it.</summary>
    public static FeedEntry Entry(string kind, string initiativeId = InitiativeId) =>
        JsonSerializer.Deserialize<FeedEntry>(
            $$"""{"id":7,"kind":"{{kind}}","initiativeId":"{{initiativeId}}","data":{},"occurredAt":"2026-01-01T00:00:00Z"}""",
            GatewayApi.Json)!;
}

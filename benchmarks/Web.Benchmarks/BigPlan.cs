using System.Diagnostics;

namespace Codewalkers.Web.Benchmarks;

/// <summary>
/// An initiative with a large plan, made through the API as a user's architect would: <c>phases</c> phases, each
/// depending on the one before, with <c>tasksPerPhase</c> tasks each, each task depending on the one before it in its
/// phase (a graph to lay out, not only a list).
/// </summary>
internal sealed record BigPlan(string InitiativeId, string Name, string LastPhaseName, TimeSpan Took)
{
    public static async Task<BigPlan> CreateAsync(GatewayClient api, string name, int phases, int tasksPerPhase)
    {
        var clock = Stopwatch.StartNew();
        var initiativeId = (await api.PostAsync("/api/initiatives", new { name })).GetProperty("id").GetString()!;
        var phaseIds = new List<string>();
        for (var p = 1; p <= phases; p++)
        {
            var phase = await api.PostAsync("/api/phases", new
            {
                initiativeId, name = PhaseName(p), dependsOn = phaseIds.Count == 0 ? [] : new[] { phaseIds[^1] },
            });
            phaseIds.Add(phase.GetProperty("id").GetString()!);
        }
        // Phases side by side (Planning writes plans one at a time anyway; this only hides the round trips).
        await Parallel.ForEachAsync(phaseIds.Select((id, index) => (id, number: index + 1)),
            new ParallelOptions { MaxDegreeOfParallelism = 4 },
            async (phase, _) =>
            {
                string? previous = null;
                for (var t = 1; t <= tasksPerPhase; t++)
                {
                    var task = await api.PostAsync("/api/tasks", new
                    {
                        phaseId = phase.id, name = $"Bench task {phase.number}.{t}",
                        dependsOn = previous is null ? [] : new[] { previous },
                    });
                    previous = task.GetProperty("id").GetString()!;
                }
            });
        return new BigPlan(initiativeId, name, PhaseName(phases), clock.Elapsed);
    }

    private static string PhaseName(int number) => $"Bench phase {number}";
}

using System.Globalization;
using Codewalkers.Contracts.Agents;

namespace Codewalkers.Samples.AgentStatusSubscriber;

internal static class StatusLine
{
    /// <summary>
    /// <c>2026-12-06T22:15:02Z agent swift-otter (abc...) running -> waiting_for_input [waiting_for_input]
    /// initiative=... phase=... task=...</c>
    /// </summary>
    public static string For(AgentStatusChanged change)
    {
        var context = change.Context;
        var where = string.Join(' ', new[]
            {
                ("initiative", context?.InitiativeId), ("phase", context?.PhaseId), ("task", context?.TaskId),
                ("errand", context?.ErrandId),
            }
            .Where(part => part.Item2 is not null)
            .Select(part => $"{part.Item1}={part.Item2}"));
        var at = change.OccurredAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        return $"{at} agent {change.Name} ({change.AgentId}) {change.From} -> {change.To} [{change.Reason}] {where}"
            .TrimEnd();
    }
}

using Codewalkers.Contracts.Agents;
using Codewalkers.SharedKernel.Errors;

namespace Codewalkers.Collaboration.Domain;

/// <summary>
/// Which agent a question goes to when the asker names a task or a phase: one that can answer soonest. A running
/// agent listens between steps, one waiting for input is next, then an idle one (about to start), and a stopped one
/// last (its task is over, but it keeps its session: the question resumes it, see <see cref="AgentView.WakeFor"/>);
/// among equals the newest.
/// </summary>
public static class ConversationTargets
{
    private static readonly string[] Preference =
        [AgentStatuses.Running, AgentStatuses.WaitingForInput, AgentStatuses.Idle, AgentStatuses.Stopped];

    public static AgentView Pick(IEnumerable<AgentView> candidates, string askerId, string searched) =>
        candidates
            .Where(a => !a.IsDeleted && a.AgentId != askerId && Array.IndexOf(Preference, a.Status) >= 0)
            .OrderBy(a => Array.IndexOf(Preference, a.Status))
            .ThenByDescending(a => a.UpdatedAt)
            .FirstOrDefault()
        ?? throw new NoTargetException(
            $"No agent works {searched} (looked for running, waiting, idle or stopped agents of that " +
            $"{searched.Split(' ')[0]}).");
}

/// <summary>Nobody to ask: the detail names what was searched.</summary>
public sealed class NoTargetException(string detail) : ProblemException(404, "No agent to ask", detail);

using Codewalkers.Agents.Infrastructure;
using Codewalkers.Agents.Merges;
using Codewalkers.Agents.Providers;
using Codewalkers.Agents.Workspace;
using Codewalkers.Contracts.Agents;
using Codewalkers.Contracts.Projects;
using Codewalkers.Messaging.Inbox;
using Codewalkers.Messaging.Outbox;
using Codewalkers.SharedKernel.Errors;
using MassTransit;

namespace Codewalkers.Agents.Consumers;

/// <summary>
/// Creates the agent (idle, workspace ready); the supervisor launches it after the commit (woken by LaunchTrigger).
/// A command that can never succeed (bad input, unknown project, missing base, git refusing) is answered with
/// AgentSpawnFailed, so the sender can release what it reserved instead of waiting for an agent that never comes; one
/// refused because a merge it waited for did not merge, or because git lost a race with another runner or spawn, says
/// so (Retryable).
/// </summary>
internal sealed class SpawnAgentConsumer(
    AgentsDbContext db, AgentSpawner spawner, ProviderCatalog providers, TimeProvider clock,
    ILogger<SpawnAgentConsumer> logger)
    : InboxConsumer<SpawnAgent, AgentsDbContext>(db)
{
    /// <summary>
    /// The whole spawn. It runs before the inbox transaction (PrepareAsync), because making the workspace (git
    /// worktrees, files) must not hold the database's write lock; the agent record or the refusal is only tracked
    /// here and commits with the inbox record.
    /// </summary>
    protected override async Task PrepareAsync(SpawnAgent command, ConsumeContext<SpawnAgent> context)
    {
        try
        {
            // Before anything is made: a fallback this service does not know is refused like an unknown provider.
            var fallbacks = FallbackProviders(command);
            if (ProjectRules.VerifyCommandProblem(command.VerifyCommand) is { } badCommand)
                throw new ValidationException("verifyCommand", badCommand);
            var (agent, created) = await spawner.CreateAsync(Db, command, context.CancellationToken);
            if (!created) return;
            agent.AllowProviders(fallbacks);
            agent.OverrideVerifyCommand(string.IsNullOrWhiteSpace(command.VerifyCommand) ? null : command.VerifyCommand);
        }
        catch (Exception ex) when (ex is ProblemException or GitException or MergeNotLandedException)
        {
            logger.LogWarning("SpawnAgent {RequestId} refused: {Reason}", command.RequestId, ex.Message);
            var agentContext = new AgentContext(
                command.TaskId, command.PhaseId, command.InitiativeId, command.ErrandId);
            Db.Publish(new AgentSpawnFailed(command.RequestId, command.Mode ?? "", agentContext, ex.Message,
                clock.GetUtcNow(),
                // Git losing a race with another runner or spawn is tried again later, not blocked for a person.
                Retryable: ex is MergeNotLandedException || (ex is GitException && GitRaces.IsRace(ex.Message))));
        }
    }

    /// <summary>
    /// The providers the run may go on with once its own has no account left, by their known names; an unknown one is
    /// a <see cref="ValidationException"/> naming its place.
    /// </summary>
    private string[] FallbackProviders(SpawnAgent command)
    {
        var names = command.FallbackProviders ?? [];
        var known = new string[names.Count];
        for (var i = 0; i < names.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(names[i]))
                throw new ValidationException($"fallbackProviders[{i}]", "A provider name is required.");
            try { known[i] = providers.Get(names[i]).Name; }
            catch (ValidationException unknown)
            {
                throw new ValidationException($"fallbackProviders[{i}]", unknown.Errors["provider"][0]);
            }
        }
        return known;
    }

    /// <summary>Nothing is left for the transaction: the spawn was done and tracked in PrepareAsync above.</summary>
    protected override Task HandleAsync(SpawnAgent command, ConsumeContext<SpawnAgent> context) => Task.CompletedTask;
}

using Codewalkers.Errands.Consumers;
using MassTransit;

namespace Codewalkers.Errands.Extensions;

internal static class ErrandConsumerRegistrations
{
    /// <summary>What the Agents service reports about errand agents, merges and discarded branches.</summary>
    public static void AddErrandConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<ErrandAgentSpawnedConsumer>();
        bus.AddConsumer<ErrandAgentSpawnFailedConsumer>();
        bus.AddConsumer<ErrandAgentStatusChangedConsumer>();
        bus.AddConsumer<ErrandAgentCompletedConsumer>();
        bus.AddConsumer<ErrandAgentQuestionsConsumer>();
        bus.AddConsumer<ErrandAgentDeletedConsumer>();
        bus.AddConsumer<ErrandResumeRefusedConsumer>();
        bus.AddConsumer<ErrandBranchesMergedConsumer>();
        bus.AddConsumer<ErrandMergeConflictedConsumer>();
        bus.AddConsumer<ErrandMergeFailedConsumer>();
        bus.AddConsumer<ErrandBranchDiscardedConsumer>();
        bus.AddConsumer<ErrandDiscardFailedConsumer>();
    }
}

using Codewalkers.Collaboration.Consumers;
using MassTransit;

namespace Codewalkers.Collaboration.Extensions;

/// <summary>The consumers of the user's inbox: the plan read model, and the events that raise or close items.</summary>
internal static class InboxConsumerRegistrations
{
    public static void AddInboxConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<InboxQuestionsAskedConsumer>();
        bus.AddConsumer<InboxAgentStatusConsumer>();
        bus.AddConsumer<InboxAgentDeletedConsumer>();
        bus.AddConsumer<InboxResumeRefusedConsumer>();
        bus.AddConsumer<InboxInitiativeCreatedConsumer>();
        bus.AddConsumer<InboxInitiativeUpdatedConsumer>();
        bus.AddConsumer<InboxInitiativeDeletedConsumer>();
        bus.AddConsumer<InboxPhaseCreatedConsumer>();
        bus.AddConsumer<InboxPhaseUpdatedConsumer>();
        bus.AddConsumer<InboxPhaseDeletedConsumer>();
        bus.AddConsumer<InboxTaskCreatedConsumer>();
        bus.AddConsumer<InboxTaskUpdatedConsumer>();
        bus.AddConsumer<InboxTaskDeletedConsumer>();
    }
}

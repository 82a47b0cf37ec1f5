using Codewalkers.Collaboration.Consumers;
using MassTransit;

namespace Codewalkers.Collaboration.Extensions;

/// <summary>The consumers of chat sessions: Planning's answers to a turn, and what becomes of the agent.</summary>
internal static class ChatConsumerRegistrations
{
    public static void AddChatConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<ChatTurnStartedConsumer>();
        bus.AddConsumer<ChatTurnCompletedConsumer>();
        bus.AddConsumer<ChatTurnFailedConsumer>();
        bus.AddConsumer<ChatQuestionsAskedConsumer>();
        bus.AddConsumer<ChatAgentCrashedConsumer>();
        bus.AddConsumer<ChatAgentDeletedConsumer>();
    }
}

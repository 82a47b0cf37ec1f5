using Codewalkers.Contracts.Planning;
using Codewalkers.Messaging;
using Codewalkers.Persistence;
using Codewalkers.Planning.Application;
using Codewalkers.Planning.Assignments;
using Codewalkers.Planning.Consumers;
using Codewalkers.Planning.Execution;
using Codewalkers.Planning.Infrastructure;
using Codewalkers.ServiceDefaults;

namespace Codewalkers.Planning.Extensions;

internal static class ApplicationServiceExtensions
{
    public const string ServiceName = "planning";

    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        var home = CodewalkersHome.From(builder.Configuration);
        builder.AddServiceDatabase<PlanningDbContext, PlanningDbContextPostgres>(
            ServiceName, home.DatabasePath(ServiceName));
        builder.AddMessaging<PlanningDbContext>(ServiceName, bus =>
        {
            // Task agents' lifecycle: a task starts, finishes, fails or is given back.
            bus.AddConsumer<TaskAgentSpawnedConsumer>();
            bus.AddConsumer<TaskAgentSpawnFailedConsumer>();
            bus.AddConsumer<TaskAgentCompletedConsumer>();
            bus.AddConsumer<TaskAgentStatusChangedConsumer>();
            bus.AddConsumer<TaskAgentDeletedConsumer>();
            // Architect agents' lifecycle and outputs.
            bus.AddConsumer<ArchitectSpawnedConsumer>();
            bus.AddConsumer<ArchitectSpawnFailedConsumer>();
            bus.AddConsumer<ArchitectCompletedConsumer>();
            bus.AddConsumer<ArchitectStatusConsumer>();
            bus.AddConsumer<ArchitectAgentDeletedConsumer>();
            // Chat turns: Collaboration's command, and the chat agents' lifecycle and outputs.
            bus.AddConsumer<StartChatTurnConsumer>().Endpoint(e => e.Name = PlanningQueues.Commands);
            bus.AddConsumer<ChatAgentSpawnedConsumer>();
            bus.AddConsumer<ChatAgentSpawnFailedConsumer>();
            bus.AddConsumer<ChatAgentCompletedConsumer>();
            bus.AddConsumer<ChatAgentStatusConsumer>();
            bus.AddConsumer<ChatAgentDeletedConsumer>();
            bus.AddConsumer<ChatResumeRefusedConsumer>();
            // The Agents service's answers to MergeBranches and PushBranch.
            bus.AddConsumer<BranchesMergedConsumer>();
            bus.AddConsumer<MergeConflictedConsumer>();
            bus.AddConsumer<MergeFailedConsumer>();
            bus.AddConsumer<MergeVerificationFailedConsumer>();
            bus.AddConsumer<BranchPushedConsumer>();
            bus.AddConsumer<PushFailedConsumer>();
            // Messages that faulted: the assignment or merge they were about is closed with why.
            bus.AddConsumer<SpawnAgentFaultConsumer>();
            bus.AddConsumer<AgentSpawnFailedFaultConsumer>();
            bus.AddConsumer<AgentCompletedFaultConsumer>();
            bus.AddConsumer<AgentStatusChangedFaultConsumer>();
            bus.AddConsumer<MergeBranchesFaultConsumer>();
        });
        builder.Services.AddSingleton<GitRepositoryProbe>();
        builder.Services.AddScoped<ProposalApplier>();
        builder.Services.AddScoped<AssignmentBuilder>();
        builder.Services.AddScoped<ChangeSetReverter>();
        builder.Services.AddSingleton<TreeCache>();
        builder.Services.AddSingleton<PlanWriteGate>();
        builder.Services.AddSingleton<TreeCacheInvalidator>();
        builder.AddExecution();
        builder.Services.ConfigureDbContext<PlanningDbContext>((provider, options) =>
            options.AddInterceptors(provider.GetRequiredService<TreeCacheInvalidator>(),
                provider.GetRequiredService<DispatchTrigger>()));
        return builder;
    }

    /// <summary>Dispatch, its trigger and the commands and reads it needs from the Agents service.</summary>
    private static void AddExecution(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<ExecutionOptions>(builder.Configuration.GetSection("Execution"));
        builder.Services.AddSingleton<DispatchSignal>();
        builder.Services.AddSingleton<DispatchTrigger>();
        builder.Services.AddScoped<ExecutionCommands>();
        builder.Services.AddScoped<DispatchCycle>();
        builder.Services.AddHostedService<Dispatcher>();
        builder.Services.AddHttpClient<WorkspaceClient>(http => http.BaseAddress = new Uri("http://agents"));
        builder.Services.AddHttpClient<ReviewThreadsClient>(
            http => http.BaseAddress = new Uri("http://collaboration"));
    }
}

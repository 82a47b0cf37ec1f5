using Codewalkers.Agents.Consumers;
using Codewalkers.Agents.Infrastructure;
using Codewalkers.Agents.Merges;
using Codewalkers.Agents.Providers;
using Codewalkers.Agents.Runners;
using Codewalkers.Agents.Supervision;
using Codewalkers.Agents.Workspace;
using Codewalkers.Messaging;
using Codewalkers.Persistence;
using Codewalkers.ServiceDefaults;
using Codewalkers.ServiceDefaults.Security;
using Microsoft.AspNetCore.DataProtection;

namespace Codewalkers.Agents.Extensions;

internal static class ApplicationServiceExtensions
{
    public const string ServiceName = "agents";

    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        var home = CodewalkersHome.From(builder.Configuration);
        builder.AddServiceDatabase<AgentsDbContext, AgentsDbContextPostgres>(
            ServiceName, home.DatabasePath(ServiceName));
        builder.Services.AddSingleton<LaunchTrigger>();
        builder.Services.AddSingleton<MergeWaiter>();
        builder.Services.AddSingleton<MergeSettledTrigger>();
        builder.Services.ConfigureDbContext<AgentsDbContext>((provider, options) =>
            options.AddInterceptors(provider.GetRequiredService<LaunchTrigger>(),
                provider.GetRequiredService<MergeSettledTrigger>()));
        builder.AddMessaging<AgentsDbContext>(ServiceName, bus =>
        {
            bus.AddConsumer<SpawnAgentConsumer>().Endpoint(e => e.Name = Contracts.Agents.AgentQueues.Commands);
            bus.AddConsumer<MergeBranchesConsumer>().Endpoint(e => e.Name = Contracts.Agents.AgentQueues.Commands);
            bus.AddConsumer<PushBranchConsumer>().Endpoint(e => e.Name = Contracts.Agents.AgentQueues.Commands);
            bus.AddConsumer<ResumeAgentConsumer>().Endpoint(e => e.Name = Contracts.Agents.AgentQueues.Commands);
            bus.AddConsumer<DiscardBranchConsumer>().Endpoint(e => e.Name = Contracts.Agents.AgentQueues.Commands);
            bus.AddConsumer<ProjectRegisteredConsumer>();
            bus.AddConsumer<ProjectUpdatedConsumer>();
            bus.AddConsumer<ProjectDeletedConsumer>();
            bus.AddConsumer<InitiativeCreatedConsumer>();
            bus.AddConsumer<InitiativeUpdatedConsumer>();
            bus.AddConsumer<InitiativeDeletedConsumer>();
            bus.AddConsumer<PhaseCreatedConsumer>();
            bus.AddConsumer<PhaseUpdatedConsumer>();
            bus.AddConsumer<PhaseDeletedConsumer>();
            bus.AddConsumer<TaskCreatedConsumer>();
            bus.AddConsumer<TaskUpdatedConsumer>();
            bus.AddConsumer<TaskDeletedConsumer>();
        });

        builder.Services.AddDataProtection().SetApplicationName("codewalkers-agents").PersistKeysPrivately(home);
        builder.Services.Configure<AgentsOptions>(builder.Configuration.GetSection("Agents"));
        builder.Services.AddSingleton(ProviderCatalog.Load(builder.Configuration));
        builder.Services.AddSingleton<ThisRunner>();
        builder.Services.AddHostedService<RunnerHeartbeat>();
        builder.Services.AddSingleton<ForwardToOwner>();
        builder.Services.AddSingleton<SpareWorktrees>();
        builder.Services.AddSingleton<ProjectClones>();
        builder.Services.AddSingleton<SharedRemote>();
        builder.Services.AddSingleton<AgentFiles>();
        builder.Services.AddSingleton<SavedWork>();
        builder.Services.AddSingleton<SavedWorkStore>();
        builder.Services.AddSingleton<AgentWorktrees>();
        builder.Services.AddSingleton<BranchMerger>();
        builder.Services.AddSingleton<MergedResultChecker>();
        builder.Services.AddHostedService<MergeCheckSweep>();
        builder.Services.AddSingleton<ProjectCleanup>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ProjectCleanup>());
        builder.Services.AddSingleton<ProcessLauncher>();
        builder.Services.AddSingleton<AgentLauncher>();
        builder.Services.AddSingleton<AccountPool>();
        builder.Services.AddSingleton<ProviderFailover>();
        builder.Services.AddSingleton<LiveOutput>();
        builder.Services.AddSingleton<AgentSpawner>();
        builder.Services.AddSingleton<LogChunkWriter>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<LogChunkWriter>());
        builder.Services.AddSingleton<AgentLocks>();
        builder.Services.AddSingleton(provider => new CapacityProbe(provider.GetRequiredService<ThisRunner>()));
        builder.Services.AddSingleton<AdmissionSettings>();
        builder.Services.AddSingleton<AdmissionControl>();
        builder.Services.AddSingleton<AdmissionBudgets>();
        builder.Services.AddSingleton<PriceTable>();
        builder.Services.AddSingleton<PortRanges>();
        builder.Services.AddSingleton<RunLoader>();
        builder.Services.AddSingleton<OutputIngest>();
        builder.Services.AddSingleton<RunDecisions>();
        builder.Services.AddSingleton<RunFinisher>();
        builder.Services.AddSingleton<VerifyCommandRunner>();
        builder.Services.AddSingleton<WorkVerifier>();
        builder.Services.AddSingleton<RunMonitor>();
        builder.Services.AddSingleton<AgentLifecycle>();
        builder.Services.AddSingleton<AccountWaits>();
        builder.Services.AddSingleton<AgentSupervisor>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<AgentSupervisor>());
        return builder;
    }
}

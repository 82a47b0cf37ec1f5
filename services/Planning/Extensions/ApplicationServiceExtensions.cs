using Codewalkers.Messaging;
using Codewalkers.Persistence;
using Codewalkers.Planning.Application;
using Codewalkers.Planning.Assignments;
using Codewalkers.Planning.Execution;
using Codewalkers.Planning.Infrastructure;
using Codewalkers.ServiceDefaults;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Planning.Extensions;

internal static class ApplicationServiceExtensions
{
    public const string ServiceName = "planning";

    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        var home = CodewalkersHome.From(builder.Configuration);
        builder.AddServiceDatabase<PlanningDbContext>(home.DatabasePath(ServiceName));
        // Every consumer in this assembly (execution reactions, architect outputs) gets its own queue. They are internal,
        // and MassTransit's assembly scan only sees exported types, so they are listed here.
        builder.AddMessaging<PlanningDbContext>(ServiceName, bus =>
        {
            foreach (var consumer in typeof(PlanningDbContext).Assembly.GetTypes()
                         .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IConsumer).IsAssignableFrom(t)))
                bus.AddConsumer(consumer);
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
            options.AddInterceptors(provider.GetRequiredService<TreeCacheInvalidator>(), provider.GetRequiredService<DispatchTrigger>()));
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
    }
}

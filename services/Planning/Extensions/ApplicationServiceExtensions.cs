using Codewalkers.Messaging;
using Codewalkers.Messaging.Persistence;
using Codewalkers.Planning.Application;
using Codewalkers.Planning.Assignments;
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
        // Every consumer in this assembly (execution reactions, architect outputs) gets its own queue.
        builder.AddMessaging<PlanningDbContext>(ServiceName, bus => bus.AddConsumers(typeof(PlanningDbContext).Assembly));
        builder.Services.AddSingleton<GitRepositoryProbe>();
        builder.Services.AddScoped<ProposalApplier>();
        builder.Services.AddScoped<AssignmentBuilder>();
        builder.Services.AddScoped<ChangeSetReverter>();
        builder.Services.AddSingleton<TreeCache>();
        builder.Services.AddSingleton<PlanWriteGate>();
        builder.Services.AddSingleton<TreeCacheInvalidator>();
        builder.Services.ConfigureDbContext<PlanningDbContext>((provider, options) =>
            options.AddInterceptors(provider.GetRequiredService<TreeCacheInvalidator>()));
        return builder;
    }
}

using Codewalkers.ServiceDefaults.Errors;
using Codewalkers.ServiceDefaults.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Codewalkers.ServiceDefaults;

/// <summary>
/// What every Codewalkers web process shares: telemetry, health, discovery, resilience, security, errors.
/// </summary>
public static class Extensions
{
    public static IHostApplicationBuilder AddServiceDefaults(this IHostApplicationBuilder builder)
    {
        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();
        builder.AddApiSecurity();

        var home = CodewalkersHome.From(builder.Configuration);
        PrivateFiles.SecureHome(home);
        builder.Services.AddSingleton(home);
        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            http.AddStandardResilienceHandler();
            http.AddServiceDiscovery();
            http.AddHttpMessageHandler<ApiTokenHandler>();
        });

        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<ProblemDetailsExceptionHandler>();
        builder.Services.AddServerRejectionProblems();
        builder.Services.AddOpenApi();
        return builder;
    }

    /// <summary>
    /// The shared pipeline: error handling, host allow-list, token, health probes and the OpenAPI document.
    /// </summary>
    public static WebApplication UseServiceDefaults(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseApiSecurity();
        app.MapDefaultEndpoints();
        app.MapOpenApi();
        return app;
    }
}

using Codewalkers.ServiceDefaults.Redaction;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Codewalkers.ServiceDefaults;

/// <summary>
/// Logs, metrics and traces over OTLP, recorded only when the AppHost provides an endpoint (the dashboard).
/// </summary>
public static class Telemetry
{
    /// <summary>MassTransit's ActivitySource and Meter, so publish -> broker -> consume shows as one trace.</summary>
    private const string MassTransitSource = "MassTransit";
    private const string MessagingSource = "Codewalkers.Messaging";
    private const string EfCommands = "Microsoft.EntityFrameworkCore.Database.Command";

    public static IHostApplicationBuilder ConfigureOpenTelemetry(this IHostApplicationBuilder builder)
    {
        // EF Core logs every SQL command at Information: formatting, console and OTLP export of those lines cost the
        // services a tenth of their CPU on a busy dispatch path. Their traces still show each command (see below).
        // Logging__LogLevel__Microsoft.EntityFrameworkCore.Database.Command=Information turns them back on.
        if (builder.Configuration[$"Logging:LogLevel:{EfCommands}"] is null)
            builder.Logging.AddFilter(EfCommands, LogLevel.Warning);
        // Request URLs carry query strings, where a caller may have put the token: no log line or span keeps them.
        builder.Services.AddSecretRedaction();
        // Without an endpoint (no dashboard: tests, benchmarks, a headless run) nothing would read them: recording
        // an activity for every SQL command, message and request would only cost CPU on every hand-off.
        if (string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"])) return builder;

        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter(MassTransitSource, MessagingSource))
            .WithTracing(tracing => tracing
                .AddSource(builder.Environment.ApplicationName, MassTransitSource, MessagingSource)
                .AddAspNetCoreInstrumentation(options =>
                    options.Filter = context => !context.Request.Path.StartsWithSegments(HealthEndpoints.Health)
                        && !context.Request.Path.StartsWithSegments(HealthEndpoints.Alive))
                .AddHttpClientInstrumentation()
                .AddEntityFrameworkCoreInstrumentation()
                .AddProcessor(provider =>
                    new ActivityRedactionProcessor(provider.GetRequiredService<SecretRedactor>())))
            .UseOtlpExporter();
        return builder;
    }
}

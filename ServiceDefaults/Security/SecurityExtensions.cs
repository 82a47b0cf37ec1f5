using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HostFiltering;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Codewalkers.ServiceDefaults.Security;

public static class SecurityExtensions
{
    /// <summary>
    /// Loopback names are always allowed; <c>Security:AllowedHosts</c> (semicolon-separated) adds more.
    /// </summary>
    public static readonly string[] LoopbackHosts = ["localhost", "127.0.0.1", "[::1]"];

    public static IHostApplicationBuilder AddApiSecurity(this IHostApplicationBuilder builder)
    {
        var home = CodewalkersHome.From(builder.Configuration);
        builder.Services.AddSingleton(_ => ApiToken.LoadOrCreate(home.TokenPath));
        builder.Services.AddSingleton(provider => new AgentTokens(provider.GetRequiredService<ApiToken>().Reveal()));
        builder.Services.AddTransient<ApiTokenHandler>();

        var extra = (builder.Configuration["Security:AllowedHosts"] ?? "")
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        builder.Services.PostConfigure<HostFilteringOptions>(options =>
        {
            options.AllowedHosts = [.. LoopbackHosts, .. extra];
            options.AllowEmptyHosts = false;
            options.IncludeFailureMessage = false;
        });
        return builder;
    }

    /// <summary>Host allow-list first (a foreign Host is refused before anything else), then the token.</summary>
    public static WebApplication UseApiSecurity(this WebApplication app)
    {
        app.UseHostFiltering();
        app.UseMiddleware<ApiTokenMiddleware>();
        return app;
    }
}

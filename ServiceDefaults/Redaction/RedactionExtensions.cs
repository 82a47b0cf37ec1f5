using Codewalkers.ServiceDefaults.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Codewalkers.ServiceDefaults.Redaction;

public static class RedactionExtensions
{
    /// <summary>Every logger of the process writes through <see cref="RedactingLoggerFactory"/>.</summary>
    public static IServiceCollection AddSecretRedaction(this IServiceCollection services)
    {
        services.TryAddSingleton(provider => new SecretRedactor(TokenOf(provider)));
        services.Replace(ServiceDescriptor.Singleton<ILoggerFactory>(provider => new RedactingLoggerFactory(
            new LoggerFactory(
                provider.GetServices<ILoggerProvider>(),
                provider.GetRequiredService<IOptionsMonitor<LoggerFilterOptions>>(),
                provider.GetService<IOptions<LoggerFactoryOptions>>(),
                provider.GetService<IExternalScopeProvider>()),
            provider.GetRequiredService<SecretRedactor>())));
        return services;
    }

    private static string? TokenOf(IServiceProvider provider)
    {
        // The generic rules still apply without it; a token file that cannot be read fails the start elsewhere, with
        // a message a logger can then write.
        try { return provider.GetService<ApiToken>()?.Reveal(); }
        catch (InvalidOperationException) { return null; }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }
}

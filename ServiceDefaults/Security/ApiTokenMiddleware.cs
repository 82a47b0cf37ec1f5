using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Codewalkers.ServiceDefaults.Security;

/// <summary>Requires <c>Authorization: Bearer &lt;token&gt;</c> on every request except the health probes.</summary>
internal sealed class ApiTokenMiddleware(RequestDelegate next, ApiToken token, IProblemDetailsService problems)
{
    private static readonly PathString[] Anonymous = [HealthEndpoints.Health, HealthEndpoints.Alive];

    public async Task InvokeAsync(HttpContext context)
    {
        if (Anonymous.Any(path => context.Request.Path.Equals(path, StringComparison.OrdinalIgnoreCase))
            || HasValidToken(context.Request))
        {
            await next(context);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = "Bearer";
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = StatusCodes.Status401Unauthorized,
                Title = "Missing or invalid API token",
                Detail = "Send the token from $CW_HOME/token as 'Authorization: Bearer <token>'.",
            },
        });
    }

    private bool HasValidToken(HttpRequest request)
    {
        var header = request.Headers[HeaderNames.Authorization].ToString();
        const string scheme = "Bearer ";
        return header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)
            && token.Matches(header.AsSpan(scheme.Length).Trim());
    }
}

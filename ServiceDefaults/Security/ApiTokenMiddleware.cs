using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Codewalkers.ServiceDefaults.Security;

/// <summary>
/// Requires <c>Authorization: Bearer &lt;token&gt;</c> on every request except the health probes: the API token (full
/// access), or an agent's token (<see cref="AgentTokens"/>), which records the <see cref="AgentCaller"/> and is held
/// to <see cref="AgentScope"/>.
/// </summary>
internal sealed class ApiTokenMiddleware(
    RequestDelegate next,
    ApiToken token,
    AgentTokens agentTokens,
    IProblemDetailsService problems,
    IEnumerable<SignedInElsewhere> signedInElsewhere)
{
    private static readonly PathString[] Anonymous = [HealthEndpoints.Health, HealthEndpoints.Alive];

    public async Task InvokeAsync(HttpContext context)
    {
        if (Anonymous.Any(path => context.Request.Path.Equals(path, StringComparison.OrdinalIgnoreCase))
            || signedInElsewhere.Any(elsewhere => elsewhere.Covers(context.Request.Path)))
        {
            await next(context);
            return;
        }
        var credential = Credential(context.Request);
        if (token.Matches(credential))
        {
            await next(context);
            return;
        }
        if (!agentTokens.TryVerify(credential, out var agentId))
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            await RefuseAsync(context, StatusCodes.Status401Unauthorized, "Missing or invalid API token",
                "Send the token from $CW_HOME/token as 'Authorization: Bearer <token>'.");
            return;
        }
        var caller = new AgentCaller(agentId);
        if (!AgentScope.Allows(caller, context.Request.Method, context.Request.Path))
        {
            await RefuseAsync(context, StatusCodes.Status403Forbidden, "Not allowed with an agent token",
                $"An agent token may not {context.Request.Method} {context.Request.Path}: agents may read the plan " +
                "and themselves and add tasks under their own task; the rest is the user's.");
            return;
        }
        context.Features.Set(caller);
        await next(context);
    }

    private static ReadOnlySpan<char> Credential(HttpRequest request)
    {
        var header = request.Headers[HeaderNames.Authorization].ToString();
        const string scheme = "Bearer ";
        return header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)
            ? header.AsSpan(scheme.Length).Trim()
            : [];
    }

    private Task RefuseAsync(HttpContext context, int status, string title, string detail)
    {
        context.Response.StatusCode = status;
        return problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        }).AsTask();
    }
}

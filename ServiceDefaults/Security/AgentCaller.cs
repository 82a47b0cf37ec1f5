using Microsoft.AspNetCore.Http;

namespace Codewalkers.ServiceDefaults.Security;

/// <summary>
/// The agent behind a request that carried an agent token (<see cref="AgentTokens"/>), set by the token check as a
/// request feature; the request already passed <see cref="AgentScope"/>. Endpoints that must limit an agent further
/// (Planning: tasks only under its own task) read it with <see cref="AgentCallerExtensions.GetAgentCaller"/>.
/// </summary>
public sealed record AgentCaller(string AgentId);

public static class AgentCallerExtensions
{
    /// <summary>The calling agent; null when the caller holds the API token (a person, or another service).</summary>
    public static AgentCaller? GetAgentCaller(this HttpContext context) => context.Features.Get<AgentCaller>();
}

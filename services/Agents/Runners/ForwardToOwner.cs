using System.Net.Http.Json;
using Codewalkers.Agents.Apis;
using Codewalkers.Agents.Infrastructure;
using Codewalkers.Agents.Supervision;
using Codewalkers.SharedKernel.Errors;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Codewalkers.Agents.Runners;

/// <summary>
/// Requests that need the agent's process or workspace (stop, answers, a message) are carried out by the runner that
/// owns it: any other runner passes the request on to the owner's recorded address (<c>Agents:RunnerAddress</c>) and
/// answers with the owner's response. A pid means nothing on another machine, and a resume launches the CLI in the
/// owner's workspace. An owner that is lost, or never recorded an address, is a 409 saying so.
/// </summary>
public sealed class ForwardToOwner(
    IDbContextFactory<AgentsDbContext> databases, ThisRunner runner, IOptions<AgentsOptions> options,
    TimeProvider clock) : IEndpointFilter
{
    // Not the factory's clients: their resilience handler retries, and a retried message would resume the agent twice.
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (http.Request.RouteValues["id"] is not string id) return await next(context);
        await using var db = await databases.CreateDbContextAsync(http.RequestAborted);
        var agent = await db.Agents.AsNoTracking().Where(a => a.Id == id)
            .Select(a => new { a.Name, a.RunnerId }).FirstOrDefaultAsync(http.RequestAborted);
        if (agent is null || agent.RunnerId == runner.Id) return await next(context);

        var owner = await db.Runners.AsNoTracking().FirstOrDefaultAsync(r => r.Id == agent.RunnerId,
            http.RequestAborted);
        if (owner is null || owner.LostAt is not null
            || owner.LastHeartbeatAt < clock.GetUtcNow() - options.Value.RunnerLease)
            throw new ConflictException(
                $"Agent '{agent.Name}' belongs to runner '{agent.RunnerId}', which is not running; start it again.");
        if (owner.Address is not { Length: > 0 } address)
            throw new ConflictException(
                $"Agent '{agent.Name}' belongs to runner '{agent.RunnerId}', which recorded no address "
                + "(Agents:RunnerAddress); send the request to that runner.");

        using var request = new HttpRequestMessage(new HttpMethod(http.Request.Method),
            new Uri(new Uri(address), http.Request.Path + http.Request.QueryString));
        // The caller's own credential: these routes take the API token (an agent's token never reaches them).
        request.Headers.TryAddWithoutValidation("Authorization", http.Request.Headers.Authorization.ToString());
        if (context.Arguments.FirstOrDefault(a => a is AgentsApi.AnswersRequest or AgentsApi.MessageRequest) is { } body)
            request.Content = JsonContent.Create(body, body.GetType());
        using var response = await Http.SendAsync(request, http.RequestAborted);
        http.Response.StatusCode = (int)response.StatusCode;
        http.Response.ContentType = response.Content.Headers.ContentType?.ToString();
        await response.Content.CopyToAsync(http.Response.Body, http.RequestAborted);
        return Results.Empty;
    }
}

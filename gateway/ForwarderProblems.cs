using Microsoft.AspNetCore.Diagnostics;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;

namespace Codewalkers.Gateway;

/// <summary>
/// When a request cannot reach its service (refused, reset, timed out), YARP sets 502 or 504 with an empty body:
/// answer a ProblemDetails that says which service and what happened instead.
/// </summary>
internal static class ForwarderProblems
{
    public static async Task WriteAsync(HttpContext context, Func<Task> next)
    {
        await next();
        var error = context.Features.Get<IForwarderErrorFeature>();
        if (error is null || context.Response.HasStarted) return;

        var service = context.Features.Get<IReverseProxyFeature>()?.Cluster.Config.ClusterId ?? "the service";
        var timedOut = error.Error is ForwarderError.RequestTimedOut;
        context.Response.StatusCode = timedOut
            ? StatusCodes.Status504GatewayTimeout
            : context.Response.StatusCode is >= 500 ? context.Response.StatusCode : StatusCodes.Status502BadGateway;
        // The status code pages middleware must not write a second body.
        context.Features.Get<IStatusCodePagesFeature>()?.Enabled = false;
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = context.Response.StatusCode,
                Title = timedOut ? $"{service} did not answer in time" : $"{service} is unavailable",
                Detail = timedOut
                    ? $"{service} sent nothing for too long; it may be stopped or overloaded. Try again shortly."
                    : $"The gateway could not reach {service} ({error.Error}); it may be stopped or restarting. "
                        + "Try again shortly.",
            },
        });
    }
}

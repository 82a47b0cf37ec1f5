using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Codewalkers.TestSupport;

/// <summary>A fake model API's web server on a free loopback port: one POST route; anything else is logged, 404.</summary>
public static class FakeModelServer
{
    public static async Task<WebApplication> StartAsync(string route, RequestDelegate handle, ConcurrentQueue<string> log)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapPost(route, handle);
        app.MapFallback((HttpContext http) =>
        {
            log.Enqueue($"unhandled {http.Request.Method} {http.Request.Path}");
            return Results.NotFound();
        });
        await app.StartAsync();
        return app;
    }
}

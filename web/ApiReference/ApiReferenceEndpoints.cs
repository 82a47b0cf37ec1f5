using System.Text.Json.Nodes;
using Scalar.AspNetCore;

namespace Codewalkers.Web.ApiReference;

/// <summary>
/// The API reference at <c>/api/docs</c>: Scalar showing every service's OpenAPI document. The browser cannot reach
/// the services (they sit behind the gateway and want the API token), so the web app fetches each document with its
/// service discovery and token and serves it under <c>/api/docs/openapi/{service}.json</c>, behind the sign-in cookie.
/// </summary>
public static class ApiReferenceEndpoints
{
    public const string Prefix = "/api/docs";

    /// <summary>The services whose routes the gateway serves under /api, in the order the reference lists them.</summary>
    public static readonly IReadOnlyList<string> Services = ["planning", "agents", "collaboration", "errands"];

    public static WebApplication MapApiReference(this WebApplication app)
    {
        app.MapGet($"{Prefix}/openapi/{{service}}.json", ServeDocumentAsync).ExcludeFromDescription();
        app.MapScalarApiReference(Prefix, options =>
        {
            // Nothing from the internet: the fonts would come from a CDN, and Scalar's AI agent talks to scalar.com.
            options.WithTitle("Codewalkers API").WithOpenApiRoutePattern($"{Prefix}/openapi/{{documentName}}.json")
                .DisableDefaultFonts().DisableAgent();
            foreach (var service in Services)
                options.AddDocument(service, Title(service), isDefault: service == Services[0]);
        }).ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> ServeDocumentAsync(
        string service, HttpContext context, IHttpClientFactory clients, CancellationToken cancellationToken)
    {
        if (!Services.Contains(service)) return Results.NotFound();
        using var response = await clients.CreateClient("openapi").GetAsync(
            $"http://{service}/openapi/v1.json", cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            return Results.Problem(statusCode: StatusCodes.Status502BadGateway,
                title: $"The {service} service did not give its API document",
                detail: $"It answered {(int)response.StatusCode}.");
        }
        var document = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken))!;
        return Results.Text(OpenApiServers.PointAtGateway(document, context.Request).ToJsonString(),
            "application/json");
    }

    private static string Title(string service) => char.ToUpperInvariant(service[0]) + service[1..];
}

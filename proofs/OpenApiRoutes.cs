using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace Codewalkers.Proofs;

/// <summary>One operation of a service's OpenAPI document: method, path template and its request body schema.</summary>
public sealed record ApiRoute(string Service, string Method, string Template, JsonNode? BodySchema, JsonObject Document)
{
    public static readonly string[] WriteMethods = ["POST", "PUT", "PATCH", "DELETE"];

    public bool IsWrite => WriteMethods.Contains(Method);

    /// <summary>The path with every {parameter} replaced by <paramref name="value"/> (escaped).</summary>
    public string PathWith(string value) =>
        System.Text.RegularExpressions.Regex.Replace(Template, "{[^}]+}", Uri.EscapeDataString(value));

    public override string ToString() => $"{Method} {Template}";

    /// <summary>Follows a <c>$ref</c> inside this route's document.</summary>
    public JsonNode? Resolve(JsonNode? schema)
    {
        for (var depth = 0; depth < 16 && schema?["$ref"]?.GetValue<string>() is { } reference; depth++)
        {
            JsonNode? node = Document;
            foreach (var part in reference.TrimStart('#', '/').Split('/')) node = node?[part];
            schema = node;
        }
        return schema;
    }
}

/// <summary>
/// The routes each service publishes at <c>/openapi/v1.json</c> (the document the API reference at /api/docs shows),
/// read on the service's own port with the API token.
/// </summary>
public static class OpenApiRoutes
{
    private static readonly string[] Methods = ["get", "post", "put", "patch", "delete"];

    public static async Task<IReadOnlyList<ApiRoute>> ReadAsync(string service, Uri ownPort, string token)
    {
        using var client = new HttpClient { BaseAddress = ownPort, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var document = JsonNode.Parse(await client.GetStringAsync("/openapi/v1.json"))!.AsObject();
        var routes = new List<ApiRoute>();
        foreach (var (template, item) in document["paths"]?.AsObject() ?? [])
        {
            foreach (var method in Methods)
            {
                if (item?[method] is not { } operation) continue;
                var body = operation["requestBody"]?["content"]?.AsObject()
                    .FirstOrDefault(c => c.Key.Contains("json", StringComparison.Ordinal)).Value?["schema"];
                routes.Add(new ApiRoute(service, method.ToUpperInvariant(), template, body, document));
            }
        }
        return routes;
    }

}

using System.Text.Json.Nodes;

namespace Codewalkers.Web.ApiReference;

/// <summary>
/// A service writes its own address into its document's <c>servers</c>; a reader calls the API through the gateway,
/// which serves the same paths, so the reference names the address the browser used (the gateway keeps the host).
/// </summary>
public static class OpenApiServers
{
    public static JsonNode PointAtGateway(JsonNode document, HttpRequest request)
    {
        document["servers"] = new JsonArray(new JsonObject { ["url"] = $"{request.Scheme}://{request.Host}" });
        return document;
    }
}

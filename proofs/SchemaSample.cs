using System.Text.Json.Nodes;

namespace Codewalkers.Proofs;

/// <summary>
/// A plausible request body built from a route's OpenAPI request schema: every property present, with a value of its
/// declared type (the first enum value where there is one), arrays with one element. The fuzzer then breaks it.
/// </summary>
public static class SchemaSample
{
    private const int MaxDepth = 6;

    public static JsonNode? Build(ApiRoute route, JsonNode? schema, Random random) =>
        schema is null ? new JsonObject { ["name"] = "proof" } : Sample(route, schema, random, 0);

    private static JsonNode? Sample(ApiRoute route, JsonNode? schema, Random random, int depth)
    {
        schema = route.Resolve(schema);
        if (schema is null || depth > MaxDepth) return null;
        if (schema["enum"] is JsonArray { Count: > 0 } values) return values[random.Next(values.Count)]?.DeepClone();
        if ((schema["oneOf"] ?? schema["anyOf"]) is JsonArray { Count: > 0 } choices)
            return Sample(route, choices.FirstOrDefault(c => route.Resolve(c)?["type"]?.ToString() != "null"), random, depth + 1);
        return TypeOf(schema) switch
        {
            "object" => Object(route, schema, random, depth),
            "array" => new JsonArray(Sample(route, schema["items"], random, depth + 1)),
            "integer" => JsonValue.Create(1),
            "number" => JsonValue.Create(1.5),
            "boolean" => JsonValue.Create(true),
            "string" => schema["format"]?.GetValue<string>() == "date-time"
                ? JsonValue.Create("2026-12-07T10:00:00Z")
                : JsonValue.Create("proof"),
            _ => schema["properties"] is not null ? Object(route, schema, random, depth) : JsonValue.Create("proof"),
        };
    }

    private static JsonObject Object(ApiRoute route, JsonNode schema, Random random, int depth)
    {
        var result = new JsonObject();
        foreach (var (name, property) in schema["properties"]?.AsObject() ?? [])
            result[name] = Sample(route, property, random, depth + 1);
        return result;
    }

    /// <summary>OpenAPI 3.1 writes "type" as a string or as a list such as ["string", "null"].</summary>
    private static string? TypeOf(JsonNode schema) => schema["type"] switch
    {
        JsonArray types => types.Select(t => t?.GetValue<string>()).FirstOrDefault(t => t != "null"),
        JsonValue type => type.GetValue<string>(),
        _ => null,
    };
}

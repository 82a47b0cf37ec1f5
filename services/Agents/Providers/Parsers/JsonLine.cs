using System.Text.Json;

namespace Codewalkers.Agents.Providers.Parsers;

internal static class JsonLine
{
    /// <summary>
    /// Parses a line as a JSON object, or null for anything else (banners, partial writes, plain text).
    /// </summary>
    public static JsonDocument? TryParse(ReadOnlySpan<byte> line)
    {
        var trimmed = line.Trim(" \t\r"u8);
        if (trimmed.Length == 0 || trimmed[0] != (byte)'{') return null;
        try
        {
            var reader = new Utf8JsonReader(trimmed);
            return JsonDocument.TryParseValue(ref reader, out var document) ? document : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static string? Str(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value)
            && value.ValueKind == JsonValueKind.String
            ? value.GetString() : null;

    public static JsonElement? Obj(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value)
            && value.ValueKind == JsonValueKind.Object
            ? value : null;

    public static long? Long(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value)
            && value.ValueKind == JsonValueKind.Number
            && value.TryGetInt64(out var number) ? number : null;

    public static decimal? Dec(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value)
            && value.ValueKind == JsonValueKind.Number
            && value.TryGetDecimal(out var number) ? number : null;

    public static bool Bool(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value)
            && value.ValueKind == JsonValueKind.True;

    /// <summary>The text blocks of an assistant message's content, joined.</summary>
    public static string? ContentText(this JsonElement content)
    {
        if (content.ValueKind == JsonValueKind.String) return content.GetString();
        if (content.ValueKind != JsonValueKind.Array) return null;
        var texts = content.EnumerateArray().Where(b => b.Str("type") == "text").Select(b => b.Str("text"))
            .OfType<string>().ToList();
        return texts.Count == 0 ? null : string.Join("\n", texts);
    }
}

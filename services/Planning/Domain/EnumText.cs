using System.Collections.Concurrent;
using System.Text.Json;
using Codewalkers.ServiceDefaults.Errors;

namespace Codewalkers.Planning.Domain;

/// <summary>The snake_case names enums have on the wire and in the database, and parsing that names the allowed values.</summary>
public static class EnumText
{
    private static readonly ConcurrentDictionary<Enum, string> Names = new();

    public static string ToText<T>(this T value) where T : struct, Enum =>
        Names.GetOrAdd(value, v => JsonNamingPolicy.SnakeCaseLower.ConvertName(v.ToString()));

    public static T FromText<T>(string text) where T : struct, Enum =>
        TryParse<T>(text, out var value) ? value : throw new InvalidOperationException($"'{text}' is not a {typeof(T).Name}");

    public static bool TryParse<T>(string? text, out T value) where T : struct, Enum
    {
        foreach (var candidate in Enum.GetValues<T>())
        {
            if (string.Equals(candidate.ToText(), text, StringComparison.Ordinal))
            {
                value = candidate;
                return true;
            }
        }
        value = default;
        return false;
    }

    /// <summary>Parses a request field; null gives <paramref name="fallback"/>, anything unknown a 400 listing the allowed values.</summary>
    public static T Parse<T>(string field, string? text, T fallback) where T : struct, Enum =>
        text is null ? fallback : Parse<T>(field, text);

    public static T Parse<T>(string field, string? text) where T : struct, Enum =>
        TryParse<T>(text, out var value)
            ? value
            : throw new ValidationException(field, $"'{text}' is not one of: {string.Join(", ", Enum.GetValues<T>().Select(v => v.ToText()))}.");
}

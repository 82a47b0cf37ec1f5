using System.Collections.Frozen;
using System.Text.Json;
using Codewalkers.SharedKernel.Errors;

namespace Codewalkers.SharedKernel;

/// <summary>
/// The snake_case names enums have on the wire and in the database, and parsing that names the allowed values.
/// </summary>
public static class EnumText
{
    // Computed once per enum type: every row read and every response written goes through these.
    private static class Names<T> where T : struct, Enum
    {
        public static readonly T[] Values = Enum.GetValues<T>();
        public static readonly string[] Texts =
            [.. Values.Select(v => JsonNamingPolicy.SnakeCaseLower.ConvertName(v.ToString()))];
        public static readonly FrozenDictionary<T, string> ByValue =
            Values.Zip(Texts).ToFrozenDictionary(p => p.First, p => p.Second);
        public static readonly FrozenDictionary<string, T> ByText =
            Texts.Zip(Values).ToFrozenDictionary(p => p.First, p => p.Second, StringComparer.Ordinal);
        public static readonly string Allowed = string.Join(", ", Texts);
    }

    public static string ToText<T>(this T value) where T : struct, Enum => Names<T>.ByValue[value];

    public static T FromText<T>(string text) where T : struct, Enum =>
        TryParse<T>(text, out var value)
            ? value
            : throw new InvalidOperationException($"'{text}' is not a {typeof(T).Name}");

    public static bool TryParse<T>(string? text, out T value) where T : struct, Enum
    {
        if (text is not null && Names<T>.ByText.TryGetValue(text, out value)) return true;
        value = default;
        return false;
    }

    /// <summary>
    /// Parses a request field; null gives <paramref name="fallback"/>,
    /// anything unknown a 400 listing the allowed values.
    /// </summary>
    public static T Parse<T>(string field, string? text, T fallback) where T : struct, Enum =>
        text is null ? fallback : Parse<T>(field, text);

    public static T Parse<T>(string field, string? text) where T : struct, Enum =>
        TryParse<T>(text, out var value)
            ? value
            : throw new ValidationException(field, $"'{text}' is not one of: {Names<T>.Allowed}.");
}

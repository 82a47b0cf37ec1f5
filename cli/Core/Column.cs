using System.Globalization;
using System.Text.Json;

namespace Codewalkers.Cli.Core;

/// <summary>One column of a table (or one line of an object): a header and how to read it from the API's JSON.</summary>
public sealed record Column(string Header, Func<JsonElement, string> Read)
{
    /// <summary>A column showing a property, dotted for nested ones ("status", "counts.done").</summary>
    public Column(string header, string path) : this(header, e => Json.Text(e, path)) { }
}

/// <summary>Reading the API's JSON for display: missing and null values show as "-".</summary>
public static class Json
{
    public static JsonElement? Find(JsonElement element, string path)
    {
        foreach (var name in path.Split('.'))
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out element)) return null;
        }
        return element;
    }

    public static string Text(JsonElement element, string path) => Find(element, path) is { } value ? Show(value) : "-";

    public static string? String(JsonElement element, string path) =>
        Find(element, path) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    public static int Int(JsonElement element, string path) =>
        Find(element, path) is { ValueKind: JsonValueKind.Number } value ? value.GetInt32() : 0;

    public static IEnumerable<JsonElement> Items(JsonElement element, string? path = null) =>
        (path is null ? element : Find(element, path)) is { ValueKind: JsonValueKind.Array } array
            ? array.EnumerateArray()
            : [];

    public static string Show(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString() is { Length: > 0 } s ? s : "-",
        JsonValueKind.Null or JsonValueKind.Undefined => "-",
        JsonValueKind.True => "yes",
        JsonValueKind.False => "no",
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.Array => value.GetArrayLength() == 0 ? "-" : string.Join(", ", value.EnumerateArray().Select(Show)),
        _ => value.GetRawText(),
    };

    /// <summary>An ISO timestamp as local "yyyy-MM-dd HH:mm".</summary>
    public static string Time(JsonElement element, string path) =>
        String(element, path) is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture,
            DateTimeStyles.None, out var time)
            ? time.ToLocalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)
            : "-";
}

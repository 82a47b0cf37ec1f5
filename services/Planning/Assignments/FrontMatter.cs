using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Codewalkers.Planning.Assignments;

/// <summary>
/// Writes the YAML front matter of input files. Every string is written double-quoted with JSON escapes, which YAML
/// reads the same way, so names holding ':' or '#' or quotes can never turn into different YAML.
/// </summary>
public static class FrontMatter
{
    private static readonly JsonSerializerOptions Json =
        new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Document(IEnumerable<(string Key, object? Value)> fields, string? body)
    {
        var text = new StringBuilder("---\n");
        foreach (var (key, value) in fields) text.Append(key).Append(": ").Append(Value(value)).Append('\n');
        text.Append("---\n");
        if (!string.IsNullOrWhiteSpace(body)) text.Append('\n').Append(body.TrimEnd()).Append('\n');
        return text.ToString();
    }

    private static string Value(object? value) => value switch
    {
        null => "null",
        bool b => b ? "true" : "false",
        int or long => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)!,
        IEnumerable<string> list => "[" + string.Join(", ", list.Select(Quote)) + "]",
        _ => Quote(value.ToString() ?? ""),
    };

    private static string Quote(string text) => JsonSerializer.Serialize(text, Json);
}

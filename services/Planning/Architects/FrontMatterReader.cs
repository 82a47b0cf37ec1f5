using System.Text;
using System.Text.Json;

namespace Codewalkers.Planning.Architects;

/// <summary>A front-matter value: a scalar (null for YAML null or an empty value) or a list of strings.</summary>
public sealed record FrontMatterValue(string? Scalar, IReadOnlyList<string>? List)
{
    public bool IsList => List is not null;
}

/// <summary>An output file: the front matter's fields (keys as written) and the markdown body after it.</summary>
public sealed record FrontMatterFile(IReadOnlyDictionary<string, FrontMatterValue> Fields, string Body);

public sealed class FrontMatterException(string message) : Exception(message);

/// <summary>
/// Reads the YAML front matter agents write: <c>key: value</c> lines with plain, single- or double-quoted scalars, flow
/// lists <c>[a, "b"]</c>, block lists (<c>- a</c> lines) and block scalars (<c>|</c>, <c>&gt;</c>). That is the subset
/// the
/// output formats use; anything else (nested maps, anchors) is reported as malformed rather than half-understood.
/// </summary>
public static class FrontMatterReader
{
    public static FrontMatterFile Parse(string text)
    {
        var lines = text.Replace("\r\n", "\n").TrimStart('\uFEFF').Split('\n');
        var start = 0;
        while (start < lines.Length && lines[start].Trim().Length == 0) start++;
        if (start == lines.Length || lines[start].TrimEnd() != "---")
            throw new FrontMatterException("it does not start with YAML front matter (a '---' line)");
        var end = Array.FindIndex(lines, start + 1, l => l.TrimEnd() is "---" or "...");
        if (end < 0) throw new FrontMatterException("its front matter is not closed by a '---' line");

        var fields = new Dictionary<string, FrontMatterValue>(StringComparer.Ordinal);
        for (var i = start + 1; i < end; i++)
        {
            var line = lines[i];
            if (line.Trim().Length == 0 || line.TrimStart().StartsWith('#')) continue;
            if (char.IsWhiteSpace(line[0]) || line.TrimStart().StartsWith('-'))
                throw new FrontMatterException($"front matter line {i + 1} ('{line.Trim()}') belongs to no key");
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0) throw new FrontMatterException($"front matter line {i + 1} ('{line.Trim()}') is not " +
                "'key: value'");
            var key = line[..colon].Trim();
            if (fields.ContainsKey(key)) throw new FrontMatterException($"the front matter has '{key}' twice");
            var raw = line[(colon + 1)..].Trim();
            if (raw.Length == 0)
            {
                var items = new List<string>();
                while (i + 1 < end && lines[i + 1].TrimStart().StartsWith('-'))
                    items.Add(Scalar(lines[++i].TrimStart()[1..].Trim(), key)
                        ?? throw new FrontMatterException($"'{key}' has an empty list item"));
                if (i + 1 < end && lines[i + 1].Length > 0 && char.IsWhiteSpace(lines[i + 1][0]) && lines[i + 1]
                    .Trim().Length > 0 && items.Count == 0)
                    throw new FrontMatterException($"'{key}' holds a nested map, which no output field takes");
                fields[key] = new FrontMatterValue(null, items.Count > 0 ? items : null);
            }
            else if (raw is "|" or ">" or "|-" or ">-")
            {
                var block = new List<string>();
                while (i + 1 < end
                    && (lines[i + 1].Trim().Length == 0 || char.IsWhiteSpace(lines[i + 1][0]))) block.Add(lines[++i]
                    .Trim());
                fields[key] = new FrontMatterValue(string.Join(raw.StartsWith('|') ? "\n" : " ", block).Trim(), null);
            }
            else if (raw.StartsWith('['))
                fields[key] = new FrontMatterValue(null, FlowList(raw, key));
            else fields[key] = new FrontMatterValue(Scalar(raw, key), null);
        }
        var body = string.Join("\n", lines.Skip(end + 1)).Trim();
        return new FrontMatterFile(fields, body);
    }

    private static string? Scalar(string raw, string key)
    {
        if (raw.StartsWith('"'))
        {
            var close = ClosingDoubleQuote(raw);
            if (close < 0) throw new FrontMatterException($"'{key}' has an unterminated double-quoted string");
            EnsureOnlyComment(raw[(close + 1)..], key);
            try { return JsonSerializer.Deserialize<string>(raw[..(close + 1)]); }
            catch (JsonException) { throw new FrontMatterException($"'{key}' has a double-quoted string with an " +
                "invalid escape"); }
        }
        if (raw.StartsWith('\''))
        {
            var text = new StringBuilder();
            for (var i = 1; i < raw.Length; i++)
            {
                if (raw[i] != '\'') { text.Append(raw[i]); continue; }
                if (i + 1 < raw.Length && raw[i + 1] == '\'') { text.Append('\''); i++; continue; }
                EnsureOnlyComment(raw[(i + 1)..], key);
                return text.ToString();
            }
            throw new FrontMatterException($"'{key}' has an unterminated single-quoted string");
        }
        var comment = raw.IndexOf(" #", StringComparison.Ordinal);
        var plain = (comment >= 0 ? raw[..comment] : raw).Trim();
        if (plain.StartsWith('{') || plain.StartsWith('&') || plain.StartsWith('*'))
            throw new FrontMatterException($"'{key}' uses YAML ({plain[0]}) that no output field takes");
        return plain is "" or "~" or "null" or "Null" or "NULL" ? null : plain;
    }

    private static List<string> FlowList(string raw, string key)
    {
        var close = raw.LastIndexOf(']');
        if (close < 0) throw new FrontMatterException($"'{key}' opens a list with '[' but never closes it");
        EnsureOnlyComment(raw[(close + 1)..], key);
        var items = new List<string>();
        var inner = raw[1..close];
        var item = new StringBuilder();
        char? quote = null;
        foreach (var c in inner)
        {
            if (quote is null && c == ',') { Add(); continue; }
            if (c is '"' or '\'' && (quote is null || quote == c)) quote = quote is null ? c : null;
            item.Append(c);
        }
        if (quote is not null) throw new FrontMatterException($"'{key}' has an unterminated string in its list");
        Add();
        return items;

        void Add()
        {
            var text = item.ToString().Trim();
            item.Clear();
            if (text.Length == 0) return;
            if (text.StartsWith('[')) throw new FrontMatterException($"'{key}' is a nested list; it must be a list " +
                "of ids");
            items.Add(Scalar(text, key) ?? throw new FrontMatterException($"'{key}' has a null list item"));
        }
    }

    private static int ClosingDoubleQuote(string raw)
    {
        for (var i = 1; i < raw.Length; i++)
        {
            if (raw[i] == '\\') i++;
            else if (raw[i] == '"') return i;
        }
        return -1;
    }

    private static void EnsureOnlyComment(string rest, string key)
    {
        var trimmed = rest.Trim();
        if (trimmed.Length > 0
            && !trimmed.StartsWith('#')) throw new FrontMatterException($"'{key}' has text after its closing quote: " +
            $"'{trimmed}'");
    }
}

using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Codewalkers.ServiceDefaults.Validation;

/// <summary>
/// What System.Text.Json lets through although the types say it cannot be, found once for every request body and
/// message rather than field by field: <c>null</c> where a member or a collection element is declared non-nullable
/// (<c>"projects":[null]</c>, a missing <c>ensureBranches</c>), and text that is not valid UTF-16 (a lone surrogate
/// from <c>"\ud800"</c>, kept escaped inside a <see cref="JsonElement"/>), which would only fail later, when SQLite, a
/// message or a response encodes it. Each problem is keyed by its JSON path (camelCase), e.g.
/// <c>projects[0].ensureBranches</c>. Only Codewalkers types are walked (records of requests and contracts), never
/// framework objects.
/// </summary>
public static class InputShape
{
    private const int MaxDepth = 32;
    private static readonly ConcurrentDictionary<Type, Member[]> Members = new();

    public static IDictionary<string, string[]> Problems(object? value, string root = "")
    {
        var problems = new Dictionary<string, string[]>(StringComparer.Ordinal);
        Walk(value, root, problems, 0);
        return problems;
    }

    /// <summary>True when <paramref name="text"/> has no lone surrogate, so it can be encoded as UTF-8.</summary>
    public static bool IsWellFormed(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (!char.IsSurrogate(text[i])) continue;
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }
            return false;
        }
        return true;
    }

    /// <summary>
    /// True when every string and property name in <paramref name="json"/> decodes to well-formed text.
    /// </summary>
    public static bool IsWellFormed(JsonElement json)
    {
        try
        {
            return json.ValueKind switch
            {
                JsonValueKind.String => IsWellFormed(json.GetString()!),
                JsonValueKind.Array => json.EnumerateArray().All(IsWellFormed),
                JsonValueKind.Object => json.EnumerateObject().All(p => IsWellFormed(p.Name) && IsWellFormed(p.Value)),
                _ => true,
            };
        }
        catch (InvalidOperationException)
        {
            return false; // an escaped lone surrogate: System.Text.Json refuses to decode it
        }
    }

    private static void Walk(object? value, string path, Dictionary<string, string[]> problems, int depth)
    {
        if (value is null || depth > MaxDepth) return;
        switch (value)
        {
            case string text:
                if (!IsWellFormed(text)) Add(problems, path, "must be valid Unicode text (it holds a lone surrogate).");
                return;
            case JsonElement json:
                if (!IsWellFormed(json))
                    Add(problems, path, "must hold valid Unicode text only (it holds a lone surrogate).");
                return;
            case IDictionary dictionary:
                foreach (DictionaryEntry entry in dictionary)
                {
                    var key = entry.Key.ToString() ?? "";
                    if (!IsWellFormed(key))
                        Add(problems, path, "must have valid Unicode keys (one holds a lone surrogate).");
                    else
                        Walk(entry.Value, $"{path}.{key}", problems, depth + 1);
                }
                return;
            case IEnumerable items:
                var index = 0;
                foreach (var item in items) Walk(item, $"{path}[{index++}]", problems, depth + 1);
                return;
        }
        var type = value.GetType();
        if (type.Namespace?.StartsWith("Codewalkers.", StringComparison.Ordinal) != true) return;
        foreach (var member in Members.GetOrAdd(type, MembersOf))
        {
            var memberPath = path.Length == 0 ? member.Name : $"{path}.{member.Name}";
            var memberValue = member.Property.GetValue(value);
            if (memberValue is null)
            {
                if (!member.Nullable) Add(problems, memberPath, "is required.");
                continue;
            }
            if (!member.ElementsNullable && memberValue is IEnumerable elements and not string and not IDictionary)
            {
                var index = 0;
                foreach (var element in elements)
                {
                    if (element is null) Add(problems, $"{memberPath}[{index}]", "must not be null.");
                    index++;
                }
            }
            Walk(memberValue, memberPath, problems, depth + 1);
        }
    }

    private static void Add(Dictionary<string, string[]> problems, string path, string message)
    {
        var field = path.Length == 0 ? "body" : path;
        problems[field] = [.. problems.GetValueOrDefault(field, []), $"{Capitalized(field)} {message}"];
    }

    private static string Capitalized(string field) => char.ToUpperInvariant(field[0]) + field[1..];

    private sealed record Member(PropertyInfo Property, string Name, bool Nullable, bool ElementsNullable);

    private static Member[] MembersOf(Type type)
    {
        var context = new NullabilityInfoContext(); // not thread-safe: one per type, under the cache
        return [.. type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanRead
                && p.GetIndexParameters().Length == 0
                && p.GetCustomAttribute<JsonIgnoreAttribute>() is null)
            .Select(p =>
            {
                var nullability = context.Create(p);
                var element = nullability.ElementType ?? (nullability.GenericTypeArguments is [var only] ? only : null);
                return new Member(p, JsonName(p), nullability.ReadState != NullabilityState.NotNull,
                    element is null || element.ReadState != NullabilityState.NotNull);
            })];
    }

    private static string JsonName(PropertyInfo property) =>
        property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name
            ?? JsonNamingPolicy.CamelCase.ConvertName(property.Name);
}

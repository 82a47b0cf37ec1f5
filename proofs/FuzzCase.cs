using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Codewalkers.Proofs;

/// <summary>The kinds of bad input the fuzzer sends, as the issue lists them.</summary>
public enum FuzzKind
{
    InvalidJson,
    WrongTypes,
    NullsInArrays,
    LoneSurrogates,
    HugeStrings,
    OptionLike,
    Traversal,
    UnknownIds,
    WrongContentType,
    WrongCharset,
}

/// <summary>One fuzzed request: the path it goes to, its body bytes and content type.</summary>
public sealed record FuzzCase(ApiRoute Route, FuzzKind Kind, string Path, byte[] Body, string? ContentType)
{
    private const string LoneSurrogateMark = "\u0001LONE\u0001";
    private const int OneMegabyte = 1024 * 1024;

    private static readonly string[] InvalidJsonBodies =
    [
        "{", "{\"a\":}", "[1,2", "nul", "\"unterminated", "{'single':1}", "{\"a\":1,}", "{\"a\" 1}", "",
        "{\"a\":1}{\"b\":2}", "\uFEFF{", new string('[', 2000) + new string(']', 2000), "{\"a\":01}",
        "{\"a\":NaN}", "{\"a\":\"\\x41\"}", "{\"a\":\"\\u12\"}",
    ];

    private static readonly JsonNode?[] WrongTypeValues =
    [
        JsonValue.Create(12345), JsonValue.Create("not-the-right-type"), JsonValue.Create(true), new JsonArray(),
        new JsonObject { ["unexpected"] = 1 }, JsonValue.Create(-1), JsonValue.Create(1e308),
        JsonNode.Parse("99999999999999999999999999999"), JsonValue.Create(""), JsonValue.Create(0.5),
    ];

    private static readonly string[] OptionLikeStrings =
    [
        "--help", "-rf", "--upload-pack=/bin/false", "--output=/tmp/cw-prove-option", "-c core.sshCommand=false",
        "--exec=false", "-", "--", "-n", "--version", "--config-dir=/tmp", "-oProxyCommand=false",
    ];

    private static readonly string[] TraversalStrings =
    [
        "../../../../etc/passwd", "..\\..\\..\\windows\\win.ini", "/etc/passwd", "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        "....//....//etc", "~/.ssh/id_rsa", "file:///etc/passwd", "C:\\Windows\\System32", "a/../../b", ".",
        "..", "/", "refs/heads/../../HEAD", "name\u0000.txt", "\\\\server\\share",
    ];

    private static readonly string[] ContentTypes =
    [
        "text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
        "application/octet-stream", "", "application/json-patch+json; charset=utf-8", "image/png",
    ];

    public static FuzzCase Create(ApiRoute route, FuzzKind kind, Random random)
    {
        var sample = SchemaSample.Build(route, route.BodySchema, random);
        var pathValue = kind switch
        {
            FuzzKind.OptionLike => Pick(OptionLikeStrings, random),
            FuzzKind.Traversal => Pick(TraversalStrings, random),
            _ => Ids(random),
        };
        var path = route.PathWith(pathValue);
        return kind switch
        {
            FuzzKind.InvalidJson => Raw(Pick(InvalidJsonBodies, random), "application/json"),
            FuzzKind.WrongTypes => Json(Mutate(sample, (_, _) => Pick(WrongTypeValues, random)?.DeepClone(), random,
                rootToo: true)),
            FuzzKind.NullsInArrays => Json(NullsInArrays(sample, random)),
            FuzzKind.LoneSurrogates => Surrogates(sample, random),
            FuzzKind.HugeStrings => Json(Mutate(sample, (_, _) => new string('a', OneMegabyte), random, rootToo: false,
                onlyOne: true)),
            FuzzKind.OptionLike => Json(Mutate(sample, (_, _) => Pick(OptionLikeStrings, random), random, false)),
            FuzzKind.Traversal => Json(Mutate(sample, (_, _) => Pick(TraversalStrings, random), random, false)),
            // Only the id fields change, so the rest of the body is valid and the request reaches the lookup.
            FuzzKind.UnknownIds => Json(Mutate(sample, (name, current) =>
                name.EndsWith("ids", StringComparison.OrdinalIgnoreCase) ? new JsonArray(Ids(random), Ids(random))
                : name.EndsWith("id", StringComparison.OrdinalIgnoreCase) ? Ids(random)
                : current?.DeepClone(), random, false)),
            FuzzKind.WrongContentType => Raw(sample?.ToJsonString() ?? "{}", Pick(ContentTypes, random)),
            FuzzKind.WrongCharset => Charset(sample?.ToJsonString() ?? "{}", random),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };

        FuzzCase Raw(string body, string? contentType) =>
            new(route, kind, path, Encoding.UTF8.GetBytes(body), contentType);

        FuzzCase Json(JsonNode? body) => Raw(body?.ToJsonString() ?? "null", "application/json");

        FuzzCase Surrogates(JsonNode? body, Random r)
        {
            // System.Text.Json will not write a lone surrogate, so a marker is swapped for its escape in the text.
            var marked = Mutate(body, (_, _) => "proof" + LoneSurrogateMark, r, rootToo: true);
            if (marked is JsonObject obj && r.Next(3) == 0) obj["key" + LoneSurrogateMark] = "value";
            var text = (marked?.ToJsonString() ?? "null").Replace(
                System.Text.Json.JsonEncodedText.Encode(LoneSurrogateMark).ToString(), r.Next(2) == 0 ? "\\ud800" : "\\udfff",
                StringComparison.Ordinal);
            return Raw(text, "application/json");
        }

        FuzzCase Charset(string body, Random r) => r.Next(4) switch
        {
            0 => new(route, kind, path, Encoding.Unicode.GetBytes(body), "application/json; charset=utf-16"),
            1 => new(route, kind, path, Encoding.Latin1.GetBytes(body.Replace("proof", "pr\u00e9of", StringComparison.Ordinal)),
                "application/json; charset=iso-8859-1"),
            2 => new(route, kind, path, Encoding.UTF8.GetBytes(body), "application/json; charset=bogus-charset"),
            _ => new(route, kind, path, [0xC3, 0x28, 0xFF, 0xFE, .. Encoding.UTF8.GetBytes(body)],
                "application/json; charset=utf-8"),
        };
    }

    public HttpContent Content()
    {
        var content = new ByteArrayContent(Body);
        if (!string.IsNullOrEmpty(ContentType)) content.Headers.ContentType = MediaTypeHeaderValue.Parse(ContentType);
        return content;
    }

    /// <summary>A 21-character id in the house alphabet that no entity has.</summary>
    private static string Ids(Random random)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
        return string.Create(21, random, (span, r) =>
        {
            for (var i = 0; i < span.Length; i++) span[i] = alphabet[r.Next(alphabet.Length)];
        });
    }

    private static T Pick<T>(T[] values, Random random) => values[random.Next(values.Length)];

    /// <summary>
    /// Replaces leaf values of the sample (every one, or one picked at random) with what <paramref name="replace"/>
    /// gives for the property name; <paramref name="rootToo"/> sometimes replaces the whole body.
    /// </summary>
    private static JsonNode? Mutate(JsonNode? sample, Func<string, JsonNode?, JsonNode?> replace, Random random,
        bool rootToo, bool onlyOne = false)
    {
        if (sample is not JsonObject and not JsonArray || (rootToo && random.Next(5) == 0))
            return replace("", sample);
        var leaves = new List<(JsonNode Parent, object Key, string Name)>();
        Collect(sample, "", leaves);
        if (leaves.Count == 0) return replace("", sample);
        var chosen = onlyOne ? [leaves[random.Next(leaves.Count)]] : leaves;
        foreach (var (parent, key, name) in chosen)
        {
            if (parent is JsonObject obj) obj[(string)key] = replace(name, obj[(string)key]);
            else if (parent is JsonArray array) array[(int)key] = replace(name, array[(int)key]);
        }
        return sample;
    }

    private static void Collect(JsonNode node, string name, List<(JsonNode, object, string)> leaves)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj.ToList())
                {
                    if (child is JsonObject or JsonArray && child is not JsonArray { Count: 0 }) Collect(child, key, leaves);
                    else leaves.Add((obj, key, key));
                }
                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is JsonObject or JsonArray) Collect(array[i]!, name, leaves);
                    else leaves.Add((array, i, name));
                }
                break;
        }
    }

    private static JsonNode NullsInArrays(JsonNode? sample, Random random)
    {
        if (sample is not JsonObject obj) return new JsonArray(null, sample?.DeepClone(), null);
        var arrays = new List<JsonArray>();
        Walk(obj);
        if (arrays.Count == 0)
        {
            // No array in this body: null its members instead, the nearest thing it can hold.
            foreach (var key in obj.Select(p => p.Key).ToList()) if (random.Next(2) == 0) obj[key] = null;
            return obj;
        }
        foreach (var array in arrays) array.Insert(random.Next(array.Count + 1), null);
        return obj;

        void Walk(JsonNode? node)
        {
            if (node is JsonArray array)
            {
                arrays.Add(array);
                foreach (var item in array) Walk(item);
            }
            else if (node is JsonObject child)
            {
                foreach (var (_, value) in child) Walk(value);
            }
        }
    }
}

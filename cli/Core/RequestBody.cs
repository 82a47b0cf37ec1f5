namespace Codewalkers.Cli.Core;

/// <summary>
/// A JSON request body of only the fields the user gave: an absent flag is an absent field, so the server applies
/// its own default (or, for an agent, fills in what its token stands for) instead of reading an explicit null.
/// </summary>
public static class RequestBody
{
    public static Dictionary<string, object?> Of(params (string Name, object? Value)[] fields)
    {
        var body = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (name, value) in fields)
        {
            if (value is null || value is string[] { Length: 0 }) continue;
            body[name] = value;
        }
        return body;
    }
}

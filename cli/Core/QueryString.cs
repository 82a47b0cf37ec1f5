namespace Codewalkers.Cli.Core;

/// <summary>A path with the query parameters that are set, escaped; unset ones are left out.</summary>
public static class QueryString
{
    public static string Path(string path, params (string Name, string? Value)[] parameters)
    {
        var set = parameters.Where(p => !string.IsNullOrEmpty(p.Value))
            .Select(p => $"{Uri.EscapeDataString(p.Name)}={Uri.EscapeDataString(p.Value!)}").ToList();
        return set.Count == 0 ? path : $"{path}?{string.Join('&', set)}";
    }
}

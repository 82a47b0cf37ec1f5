using System.Text.Json;

namespace Codewalkers.Cli.Core;

/// <summary>An RFC 9457 problem answer, reduced to what one line of output needs.</summary>
public sealed record Problem(string? Title, string? Detail, IReadOnlyDictionary<string, string[]>? Errors)
{
    public static async Task<Problem?> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            return string.IsNullOrWhiteSpace(text) ? null : JsonSerializer.Deserialize<Problem>(text, GatewayClient.Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>"Title: detail" plus the field errors, on one line.</summary>
    public string? OneLine()
    {
        var parts = new List<string>();
        if (!string.IsNullOrWhiteSpace(Title)) parts.Add(Title.TrimEnd('.'));
        if (!string.IsNullOrWhiteSpace(Detail) && Detail != Title) parts.Add(Detail);
        // The services' validation detail already lists the field errors; ASP.NET's own does not.
        var errors = (Errors ?? new Dictionary<string, string[]>())
            .SelectMany(e => e.Value.Select(message => (Field: e.Key, Message: message)))
            .Where(e => Detail?.Contains(e.Message, StringComparison.Ordinal) != true)
            .Select(e => $"{e.Field}: {e.Message}")
            .ToList();
        if (errors.Count > 0)
        {
            if (parts.Count > 0) parts[^1] = parts[^1].TrimEnd('.');
            parts.Add(string.Join("; ", errors));
        }
        return parts.Count == 0 ? null : Flatten(string.Join(": ", parts));
    }

    private static string Flatten(string text) => string.Join(' ', text.Split(['\r', '\n'],
        StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}

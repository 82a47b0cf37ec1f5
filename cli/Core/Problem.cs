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
        if (Errors is { Count: > 0 })
            parts.Add(string.Join("; ", Errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")));
        return parts.Count == 0 ? null : Flatten(string.Join(": ", parts));
    }

    private static string Flatten(string text) => string.Join(' ', text.Split(['\r', '\n'],
        StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}

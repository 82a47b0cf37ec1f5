using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Codewalkers.Proofs.Faults;

/// <summary>The suite's calls through the gateway with the API token; every failure names the call and its answer.</summary>
public sealed class Gateway(RunningSystem system) : IDisposable
{
    private readonly HttpClient _client = Create(system, TimeSpan.FromSeconds(30));

    /// <summary>A client for a caller that must not wait long (the writer during a kill).</summary>
    public static HttpClient Create(RunningSystem system, TimeSpan timeout)
    {
        var client = new HttpClient { BaseAddress = system.GatewayUrl, Timeout = timeout };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", system.ApiToken);
        return client;
    }

    public async Task<JsonElement> PostAsync(string path, object? body = null)
    {
        using var response = await _client.PostAsJsonAsync(path, body ?? new { });
        return await ReadAsync(response, $"POST {path}");
    }

    public async Task<JsonElement> GetAsync(string path)
    {
        using var response = await _client.GetAsync(path);
        return await ReadAsync(response, $"GET {path}");
    }

    /// <summary>The items of a paged list, or the array itself.</summary>
    public async Task<JsonElement[]> ItemsAsync(string path)
    {
        var list = await GetAsync(path);
        return [.. (list.ValueKind == JsonValueKind.Array ? list : list.GetProperty("items")).EnumerateArray()];
    }

    /// <summary>Whole-system health as the gateway reports it ("Healthy", "Degraded: ...", or null when unanswered).</summary>
    public async Task<string?> HealthAsync()
    {
        try
        {
            using var response = await _client.GetAsync("/health");
            return await response.Content.ReadAsStringAsync();
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException) { return null; }
    }

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response, string call)
    {
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"{call} answered {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    public void Dispose() => _client.Dispose();
}

internal static class JsonExtensions
{
    public static string Str(this JsonElement element, string property) =>
        element.GetProperty(property).GetString() ?? "";

    public static int? Int(this JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Number
            ? value.GetInt32()
            : null;
}

/// <summary>Polls until a condition holds or the time is up.</summary>
internal static class Poll
{
    public static async Task<bool> UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, int intervalMs = 200)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            try
            {
                if (await condition()) return true;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException
                or InvalidOperationException or IOException) { /* not yet */ }
            await Task.Delay(intervalMs);
        }
        return false;
    }
}

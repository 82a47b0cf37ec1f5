using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Codewalkers.Web.Benchmarks;

/// <summary>The API through the gateway, as any client calls it (Bearer token).</summary>
internal sealed class GatewayClient(Uri gateway, string token) : IDisposable
{
    private readonly HttpClient _http = Create(gateway, token, TimeSpan.FromSeconds(60));

    /// <summary>A client with no timeout, for a server-sent event stream that stays open.</summary>
    public HttpClient CreateStreamClient() => Create(gateway, token, Timeout.InfiniteTimeSpan);

    public async Task<JsonElement> PostAsync(string path, object body)
    {
        using var response = await _http.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"POST {path} answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public void Dispose() => _http.Dispose();

    private static HttpClient Create(Uri gateway, string token, TimeSpan timeout)
    {
        var http = new HttpClient { BaseAddress = gateway, Timeout = timeout };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }
}

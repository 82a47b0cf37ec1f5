using System.Net;
using Microsoft.Extensions.ServiceDiscovery;

namespace Codewalkers.Gateway;

/// <summary>
/// How the gateway probes a service's /health: its address from service discovery, then a plain request, without
/// the standard resilience handler's retries that every factory client gets (a 503 is the answer; retrying it would
/// only make the gateway's own probe time out and call the service unreachable). Removing the handlers from one
/// factory client (RemoveAllResilienceHandlers) stopped the OTLP exporter's clients from exporting, hence this.
/// </summary>
internal sealed class HealthProbeClient(ServiceEndpointResolver resolver) : IDisposable
{
    private readonly HttpClient _client = new(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(3) });

    public async Task<HttpResponseMessage> GetHealthAsync(string service, CancellationToken cancellationToken)
    {
        var source = await resolver.GetEndpointsAsync($"http://{service}", cancellationToken);
        var address = source.Endpoints.Select(e => BaseAddress(e.EndPoint)).FirstOrDefault(a => a is not null)
            ?? throw new HttpRequestException($"No address is known for {service}");
        return await _client.GetAsync(new Uri(address, "/health"), cancellationToken);
    }

    private static Uri? BaseAddress(EndPoint endPoint) => endPoint switch
    {
        UriEndPoint uri => uri.Uri,
        IPEndPoint ip => new Uri($"http://{ip}"),
        DnsEndPoint dns => new Uri($"http://{dns.Host}:{dns.Port}"),
        _ => null,
    };

    public void Dispose() => _client.Dispose();
}

using System.Net.Http.Headers;

namespace Codewalkers.ServiceDefaults.Security;

/// <summary>Adds the API token to service-to-service calls, which pass the same check as the gateway's.</summary>
internal sealed class ApiTokenHandler(ApiToken token) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(
        HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Authorization ??= new AuthenticationHeaderValue("Bearer", token.Reveal());
        return base.SendAsync(request, cancellationToken);
    }
}

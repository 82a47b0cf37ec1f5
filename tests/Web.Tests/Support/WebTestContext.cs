using Codewalkers.Web.Api;
using Codewalkers.Web.Live;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Codewalkers.Web.Tests.Support;

/// <summary>
/// A bUnit context with the web app's services over a <see cref="FakeGateway"/>, and a feed the test pushes entries
/// into as the activity feed would.
/// </summary>
public abstract class WebTestContext : BunitContext
{
    protected WebTestContext()
    {
        Services.AddSingleton<IHttpClientFactory>(Gateway);
        Services.AddSingleton<GatewayApi>();
        Services.AddSingleton(provider =>
            new LiveFeed(provider.GetRequiredService<GatewayApi>(), NullLogger<LiveFeed>.Instance));
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    protected FakeGateway Gateway { get; } = new();

    /// <summary>Hands an entry to every page that subscribed, as a live feed entry would arrive.</summary>
    protected Task PushAsync(FeedEntry entry) => Services.GetRequiredService<LiveFeed>().PublishAsync(entry);
}

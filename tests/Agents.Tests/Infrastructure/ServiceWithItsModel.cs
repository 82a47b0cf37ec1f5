using Codewalkers.TestSupport;

namespace Codewalkers.Agents.Tests.Infrastructure;

/// <summary>
/// The Agents service as a real process on a CW_HOME of its own, with the fake Messages API its Claude agents talk to:
/// for tests that kill the service and start it again on the same home.
/// </summary>
public sealed class ServiceWithItsModel(string homePrefix) : IAsyncLifetime
{
    public string Home { get; } = Directory.CreateTempSubdirectory(homePrefix).FullName;
    public FakeAnthropicApi Model { get; private set; } = null!;
    public AgentsServiceProcess Service { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _ = ClaudeCli.Path;
        Model = await FakeAnthropicApi.StartAsync();
        Service = new AgentsServiceProcess(Home, Model.BaseUrl);
    }

    public async Task DisposeAsync()
    {
        await Service.DisposeAsync();
        await Model.DisposeAsync();
        try { Directory.Delete(Home, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}

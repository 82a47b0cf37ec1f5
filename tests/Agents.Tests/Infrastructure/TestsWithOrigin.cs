using Codewalkers.TestSupport;

namespace Codewalkers.Agents.Tests.Infrastructure;

/// <summary>
/// Tests of the Agents service on a project of their own: every test gets a fresh origin repository (the project's
/// remote, deleted after the test) and a client that carries the API token.
/// </summary>
public abstract class TestsWithOrigin(AgentsFactory factory) : IDisposable
{
    protected AgentsFactory Factory { get; } = factory;

    protected GitRepository Origin { get; } = new();

    protected HttpClient Client { get; } = factory.CreateAuthorizedClient();

    public void Dispose()
    {
        Client.Dispose();
        Origin.Dispose();
        GC.SuppressFinalize(this);
    }
}

namespace Codewalkers.AppHost.Programs;

/// <summary>
/// A service, the web app or the gateway, run as its built program. An executable to DCP (so no <c>dotnet run</c>),
/// and a service to the others: <c>WithReference</c> gives them its address as <c>services__&lt;name&gt;__http__0</c>,
/// as it did when it was a project resource.
/// </summary>
internal sealed class BuiltProgramResource(string name, string command, string workingDirectory)
    : ExecutableResource(name, command, workingDirectory), IResourceWithServiceDiscovery;

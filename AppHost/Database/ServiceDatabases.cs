using Codewalkers.AppHost.Programs;
using Codewalkers.AppHost.Broker;
using Microsoft.Extensions.Configuration;

namespace Codewalkers.AppHost.Database;

/// <summary>
/// Where the services keep their state. SQLite (the default) needs nothing started: each service opens its file under
/// CW_HOME. PostgreSQL (<c>Database:Provider=postgres</c>) is one server with one database per service.
/// </summary>
internal sealed class ServiceDatabases
{
    private readonly Func<string, IResourceBuilder<IResourceWithConnectionString>>? _databaseOf;
    private readonly IResourceBuilder<IResource>? _server;
    // Runners of one service (Agents:Replicas) share its database resource.
    private readonly Dictionary<string, IResourceBuilder<IResourceWithConnectionString>> _databases = [];

    private ServiceDatabases(
        Func<string, IResourceBuilder<IResourceWithConnectionString>>? databaseOf, IResourceBuilder<IResource>? server)
    {
        _databaseOf = databaseOf;
        _server = server;
    }

    /// <summary>The PostgreSQL server the AppHost started, to supervise; none under SQLite.</summary>
    public IResourceBuilder<IResource>? Server => _server;

    /// <summary>
    /// Chooses from <c>Database:Provider</c>: SQLite -> nothing; PostgreSQL -> a container when a container engine
    /// answers, else the local Debian <c>postgres</c> executable, else stop with what to install.
    /// </summary>
    public static ServiceDatabases Add(IDistributedApplicationBuilder builder, string cwHome)
    {
        // A deployment spans machines, which SQLite files cannot: each service's PostgreSQL database is named where the
        // manifest is deployed, as a secret connection string.
        if (builder.ExecutionContext.IsPublishMode)
            return new ServiceDatabases(service => builder.AddConnectionString($"{service}-db"), null);

        var provider = builder.Configuration["Database:Provider"]?.Trim().ToLowerInvariant();
        switch (provider)
        {
            case null or "" or "sqlite":
                return new ServiceDatabases(null, null);
            case "postgres" or "postgresql":
                break;
            default:
                throw new PostgresUnavailableException(
                    $"Database:Provider is '{provider}', which is not a database provider: use sqlite (the default) "
                    + "or postgres.");
        }

        if (builder.Configuration["Database:UseContainer"] != "false" && ContainerRuntime.IsHealthy())
        {
            var container = builder.AddPostgres(Name).WithDataVolume("codewalkers-postgres");
            // A database resource per service, named apart from the service's own resource.
            return new ServiceDatabases(
                service => container.AddDatabase($"{service}-db", databaseName: service), container);
        }

        var bin = LocalPostgres.FindBinDirectory(builder.Configuration)
            ?? throw new PostgresUnavailableException(PostgresUnavailableException.InstallHint);
        var local = builder.AddLocalPostgres(Name, bin, cwHome);
        return new ServiceDatabases(service => builder.AddLocalPostgresDatabase(local, service), local.Resource);
    }

    public const string Name = "postgres";

    /// <summary>Gives the service its own database on the server, and makes it wait for the server.</summary>
    public void Attach(IResourceBuilder<BuiltProgramResource> service, string name)
    {
        if (_databaseOf is null) return;
        if (!_databases.TryGetValue(name, out var database)) _databases[name] = database = _databaseOf(name);
        service.WithEnvironment("Database__Provider", "postgres").WithReference(database, name);
        if (_server is not null) service.WaitFor(_server);
    }
}

internal sealed class PostgresUnavailableException(string message) : Exception(message)
{
    public const string InstallHint = """
        Database:Provider=postgres needs a PostgreSQL server and found none: no container engine answered
        (docker/podman), and no PostgreSQL executables are installed. Either fixes it:
          - install PostgreSQL locally:  sudo apt-get install -y postgresql   (scripts/prerequisites.sh ensure_postgres)
          - start Docker or Podman, and Codewalkers runs PostgreSQL in a container
          - point at PostgreSQL's bin directory elsewhere:  Database__PostgresBin=/path/to/postgresql/bin
        Or leave Database:Provider unset: every service then keeps its SQLite file under CW_HOME.
        """;
}

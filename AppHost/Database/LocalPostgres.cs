using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Codewalkers.ServiceDefaults;
using Codewalkers.ServiceDefaults.Security;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Codewalkers.AppHost.Database;

/// <summary>The local server and how to reach it (its password included: passed to services, never logged).</summary>
internal sealed record LocalPostgresServer(IResourceBuilder<LocalPostgresResource> Resource, string ConnectionString)
{
    public override string ToString() => $"LocalPostgresServer({Resource.Resource.Name}, ***)";
}

/// <summary>A PostgreSQL server run from the locally installed executables, on loopback and its own port.</summary>
internal sealed class LocalPostgresResource(string name, string command, string workingDirectory)
    : ExecutableResource(name, command, workingDirectory);

/// <summary>One service's database on the local server: only a connection string (the service creates it).</summary>
internal sealed class LocalPostgresDatabaseResource(string name, string connectionString)
    : Resource(name), IResourceWithConnectionString
{
    public ReferenceExpression ConnectionStringExpression { get; } = ReferenceExpression.Create($"{connectionString}");
}

internal static class LocalPostgres
{
    /// <summary>The database superuser initdb creates; its password is generated per CW_HOME.</summary>
    private const string User = "codewalkers";

    /// <summary>initdb and postgres refuse to run as root: as root they run as the package's own user.</summary>
    private const string PackageUser = "postgres";

    public static string? FindBinDirectory(IConfiguration configuration)
    {
        var configured = configuration["Database:PostgresBin"];
        if (!string.IsNullOrWhiteSpace(configured))
            return File.Exists(Path.Combine(configured, "postgres")) ? configured : null;
        const string root = "/usr/lib/postgresql";
        if (!Directory.Exists(root)) return null;
        return Directory.GetDirectories(root)
            .Where(version => File.Exists(Path.Combine(version, "bin", "postgres")))
            .OrderByDescending(version =>
                int.TryParse(Path.GetFileName(version), CultureInfo.InvariantCulture, out var number) ? number : 0)
            .Select(version => Path.Combine(version, "bin"))
            .FirstOrDefault();
    }

    /// <summary>
    /// The server, its data directory created by initdb on first start. The data lives in <c>$CW_HOME/postgres/data</c>
    /// (0700, as PostgreSQL demands); as root it lives where the package's postgres user can reach it
    /// (<c>/var/lib/postgresql/codewalkers/&lt;hash of CW_HOME&gt;</c>), since CW_HOME is then inside root's private
    /// home. Loopback only, no Unix socket, password authentication for every connection.
    /// </summary>
    public static LocalPostgresServer AddLocalPostgres(
        this IDistributedApplicationBuilder builder, string name, string bin, string cwHome)
    {
        var root = Path.Combine(cwHome, "postgres");
        PrivateFiles.EnsurePrivateDirectory(root);
        var password = LocalSecret.LoadOrCreate(Path.Combine(root, "password"));
        var port = builder.Configuration.GetValue<int?>("Database:Port") ?? LocalServerPorts.Free();
        var asRoot = Environment.UserName == "root";
        var data = asRoot
            ? Path.Combine("/var/lib/postgresql/codewalkers",
                Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(cwHome)))[..16])
            : Path.Combine(root, "data");
        if (!File.Exists(Path.Combine(data, "PG_VERSION"))) InitDb(bin, data, root, asRoot);
        // As root the data lives outside CW_HOME: a link where it would be says where (and lets it be removed with it).
        var link = Path.Combine(root, "data");
        if (asRoot && !Path.Exists(link)) File.CreateSymbolicLink(link, data);

        var healthKey = $"{name}-tcp";
        builder.Services.AddHealthChecks()
            .AddAsyncCheck(healthKey,
                cancellationToken => LocalServerPorts.AcceptsTcpAsync("PostgreSQL", port, cancellationToken));
        string[] serverArgs =
        [
            "-D", data, "-p", port.ToString(CultureInfo.InvariantCulture), "-h", "127.0.0.1",
            "-c", "unix_socket_directories=", "-c", "max_connections=200",
        ];
        var (command, args) = asRoot
            ? ("runuser", new[] { "-u", PackageUser, "--", Path.Combine(bin, "postgres") }.Concat(serverArgs))
            : (Path.Combine(bin, "postgres"), serverArgs.AsEnumerable());
        var server = builder.AddResource(new LocalPostgresResource(name, command, root))
            .WithArgs([.. args])
            .WithHealthCheck(healthKey)
            .WithIconName("Database");
        return new LocalPostgresServer(server, $"Host=127.0.0.1;Port={port};Username={User};Password={password}");
    }

    /// <summary>One service's database on the server; the service creates it on its first migration.</summary>
    public static IResourceBuilder<IResourceWithConnectionString> AddLocalPostgresDatabase(
        this IDistributedApplicationBuilder builder, LocalPostgresServer server, string service) =>
        builder.AddResource(new LocalPostgresDatabaseResource(
                $"{service}-db", $"{server.ConnectionString};Database={service}"))
            .WithParentRelationship(server.Resource.Resource);

    /// <summary>
    /// initdb with the generated password (read from its 0600 file, never on a command line), UTF-8 and the C
    /// collation: strings order by their bytes, as in SQLite.
    /// </summary>
    private static void InitDb(string bin, string data, string root, bool asRoot)
    {
        var passwordFile = Path.Combine(root, "password");
        var initArgs = $"-D {data} -U {User} --pwfile={passwordFile} --auth=scram-sha-256 --encoding=UTF8 --locale=C";
        if (asRoot)
        {
            // initdb reads the password file as the postgres user: a private copy it owns, removed right after.
            Directory.CreateDirectory(data);
            var copy = Path.Combine(data, "..", $"{Path.GetFileName(data)}.password");
            File.Copy(passwordFile, copy, overwrite: true);
            Run("chown", $"-R {PackageUser}:{PackageUser} {Path.GetDirectoryName(data)}");
            try { Run("runuser", $"-u {PackageUser} -- {Path.Combine(bin, "initdb")} {initArgs.Replace(passwordFile, copy)}"); }
            finally { File.Delete(copy); }
        }
        else
        {
            Run(Path.Combine(bin, "initdb"), initArgs);
        }
    }

    private static void Run(string file, string arguments)
    {
        var start = new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new PostgresUnavailableException(
                $"Could not create the PostgreSQL data directory ({Path.GetFileName(file)} exited with "
                + $"{process.ExitCode}): {error}{output.Result}");
        }
    }
}

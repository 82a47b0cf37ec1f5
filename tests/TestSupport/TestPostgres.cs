using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Codewalkers.TestSupport;

/// <summary>
/// The PostgreSQL server of a test run, for suites run with <c>CW_TEST_DATABASE=postgres</c>: the server that
/// <c>CW_TEST_POSTGRES</c> names (an admin connection string), else one started once per test process from the
/// installed Debian package into a temp directory, on loopback and a free port, and stopped once the process is gone.
/// Each factory gets a fresh database on it.
/// </summary>
public static class TestPostgres
{
    public const string SwitchVariable = "CW_TEST_DATABASE";
    public const string ServerVariable = "CW_TEST_POSTGRES";

    private static readonly Lazy<string> AdminConnectionString = new(StartOrFindServer);

    /// <summary>
    /// Set before the first database to start the local server as the AppHost starts its own (fsync and synchronous
    /// commit on, default buffers) instead of without durability: for benchmarks, whose figures must be those of
    /// what a user runs. Tests leave it off: their data lives as long as the run.
    /// </summary>
    public static bool Durable { get; set; }

    /// <summary>Whether this test run puts the services on PostgreSQL instead of their SQLite files.</summary>
    public static bool Enabled =>
        string.Equals(Environment.GetEnvironmentVariable(SwitchVariable), "postgres", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// A new, empty database; the service's migrations create its tables. Its connection string pools connections, as
    /// a service's does in production: unpooled, every unit of work (the supervisor's 50 ms polls among them) forked a
    /// new server process, which under load held the service back by seconds (ProviderWaitTests saw its wait only after
    /// the reset, RestartTests' restarted service did not answer within 60 s).
    /// </summary>
    public static string CreateDatabase(string service)
    {
        var name = $"cw_{service}_{Guid.NewGuid():N}"[..40];
        using (var connection = new NpgsqlConnection(AdminConnectionString.Value))
        {
            connection.Open();
            using var create = connection.CreateCommand();
            create.CommandText = $"CREATE DATABASE \"{name}\"";
            create.ExecuteNonQuery();
        }
        return new NpgsqlConnectionStringBuilder(AdminConnectionString.Value) { Database = name, Pooling = true }
            .ToString();
    }

    /// <summary>Drops a database <see cref="CreateDatabase"/> made, closing what is still connected to it.</summary>
    public static async Task DropDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        await using (var pooled = new NpgsqlConnection(connectionString)) NpgsqlConnection.ClearPool(pooled);
        await using var connection = new NpgsqlConnection(AdminConnectionString.Value);
        await connection.OpenAsync();
        await using var drop = connection.CreateCommand();
        drop.CommandText = $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)";
        await drop.ExecuteNonQueryAsync();
    }

    private static string StartOrFindServer()
    {
        var given = Environment.GetEnvironmentVariable(ServerVariable);
        return string.IsNullOrWhiteSpace(given) ? LocalServer.Start() : given;
    }

    /// <summary>
    /// initdb + postgres from the Debian package. Both refuse to run as root: as root they run as the package's
    /// postgres user, which then owns the data directory. Unless <see cref="Durable"/>, durability is switched off
    /// (fsync, synchronous_commit): the data lives as long as the test run.
    /// </summary>
    private static class LocalServer
    {
        private const string User = "postgres";

        public static string Start()
        {
            var bin = FindBinDirectory();
            var data = Directory.CreateTempSubdirectory("cw-test-postgres-").FullName;
            var asRoot = Environment.UserName == "root";
            if (asRoot) Run("chown", $"{User} {data}");
            Run(bin, "initdb", asRoot, $"-D {data} -U {User} --auth=trust --encoding=UTF8 --locale=C --no-sync");

            var port = FreePort();
            var settings = Durable
                ? "-c max_connections=500"
                : "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=500 "
                    + "-c shared_buffers=64MB";
            var server = LaunchWatched(bin, asRoot, data, $"-D {data} -p {port} -h 127.0.0.1 -k {data} {settings}");

            var connectionString = new NpgsqlConnectionStringBuilder
            {
                Host = "127.0.0.1", Port = port, Username = User, Database = "postgres", Pooling = false,
            }.ToString();
            WaitUntilAccepting(connectionString, server);
            return connectionString;
        }

        private static string FindBinDirectory()
        {
            var root = "/usr/lib/postgresql";
            var bin = Directory.Exists(root)
                ? Directory.GetDirectories(root)
                    .Select(version => Path.Combine(version, "bin"))
                    .Where(dir => File.Exists(Path.Combine(dir, "postgres")))
                    .OrderByDescending(dir => int.TryParse(Path.GetFileName(Path.GetDirectoryName(dir)), out var v) ? v : 0)
                    .FirstOrDefault()
                : null;
            return bin ?? throw new InvalidOperationException(
                $"{SwitchVariable}=postgres needs PostgreSQL: install it (scripts/prerequisites.sh does: apt-get install "
                + $"postgresql) or name a server in {ServerVariable}.");
        }

        private static void Run(string bin, string tool, bool asRoot, string arguments)
        {
            var (file, args) = Command(bin, tool, asRoot, arguments);
            Run(file, args);
        }

        private static void Run(string file, string arguments)
        {
            var start = new ProcessStartInfo(file, arguments)
            {
                RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = "/",
            };
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException(
                    $"{file} {arguments} exited with {process.ExitCode}: {error}{output.Result}");
            }
        }

        /// <summary>
        /// Starts the server under a small shell that outlives nothing: once this test process is gone (ended, or
        /// killed without running any handler) it stops the server (fast shutdown) and removes its directory.
        /// </summary>
        private static Process LaunchWatched(string bin, bool asRoot, string data, string arguments)
        {
            var (file, args) = Command(bin, "postgres", asRoot, arguments);
            var watch = $"{file} {args} >/dev/null 2>&1 & server=$!; "
                + $"while kill -0 {Environment.ProcessId} 2>/dev/null && kill -0 $server 2>/dev/null; do sleep 1; done; "
                // As root $server is runuser, which does not pass SIGINT on: signal its child, the postmaster, too.
                + $"pkill -INT -P $server 2>/dev/null; kill -INT $server 2>/dev/null; wait $server; rm -rf {data}";
            var start = new ProcessStartInfo("sh") { WorkingDirectory = "/", RedirectStandardInput = true };
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add(watch);
            return Process.Start(start)!;
        }

        private static (string File, string Arguments) Command(string bin, string tool, bool asRoot, string arguments)
        {
            var path = Path.Combine(bin, tool);
            return asRoot ? ("runuser", $"-u {User} -- {path} {arguments}") : (path, arguments);
        }

        private static void WaitUntilAccepting(string connectionString, Process server)
        {
            var waited = Stopwatch.StartNew();
            while (true)
            {
                try
                {
                    using var connection = new NpgsqlConnection(connectionString);
                    connection.Open();
                    return;
                }
                catch (NpgsqlException) when (waited.Elapsed < TimeSpan.FromSeconds(30) && !server.HasExited)
                {
                    Thread.Sleep(100);
                }
            }
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
    }
}

using Codewalkers.TestSupport;

namespace Codewalkers.Agents.Tests.Infrastructure;

/// <summary>
/// On PostgreSQL, one database per CW_HOME, as on SQLite there is one file per CW_HOME: every service process started
/// on a home uses the same database (the runners of RunnersTests share it as they share the file), made by the first
/// and dropped when the last one is disposed.
/// </summary>
internal static class PostgresPerHome
{
    private static readonly Lock Gate = new();
    private static readonly Dictionary<string, (string ConnectionString, int Users)> Databases = [];

    public static string Take(string home)
    {
        lock (Gate)
        {
            var (connectionString, users) = Databases.TryGetValue(home, out var known)
                ? known
                : (TestPostgres.CreateDatabase("agents"), 0);
            Databases[home] = (connectionString, users + 1);
            return connectionString;
        }
    }

    public static async Task ReleaseAsync(string home)
    {
        string connectionString;
        lock (Gate)
        {
            var (known, users) = Databases[home];
            if (users > 1)
            {
                Databases[home] = (known, users - 1);
                return;
            }
            Databases.Remove(home);
            connectionString = known;
        }
        await TestPostgres.DropDatabaseAsync(connectionString);
    }
}

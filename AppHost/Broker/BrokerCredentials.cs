using Codewalkers.ServiceDefaults.Security;

namespace Codewalkers.AppHost.Broker;

/// <summary>
/// The local broker's only user: a password generated per CW_HOME, kept in <c>$CW_HOME/rabbitmq/password</c> (0600)
/// and reused across restarts. RabbitMQ applies <c>default_user</c>/<c>default_pass</c> only when it creates a node's
/// database, so a node made by an older version (with the well-known guest/guest) is reset once: its data directory
/// is removed and the node is created anew with this user and without guest.
/// </summary>
internal sealed record BrokerCredentials(string User, string Password)
{
    public const string DefaultUser = "codewalkers";
    public const string PasswordFileName = "password";

    public static BrokerCredentials LoadOrCreate(string brokerRoot, string nodeDataDirectory)
    {
        var passwordFile = Path.Combine(brokerRoot, PasswordFileName);
        if (!File.Exists(passwordFile)
            && Directory.Exists(nodeDataDirectory)
            && Directory.EnumerateFileSystemEntries(nodeDataDirectory).Any())
        {
            // Only queued messages live there: every service's outbox keeps what it has not yet published, and each
            // service declares its queues again at start. Removed before the password exists, so a crash in between
            // simply repeats this on the next start.
            Console.Error.WriteLine(
                $"broker: resetting {nodeDataDirectory}, made before the broker had its own credentials (guest/guest); "
                + "the node is created anew with a generated user");
            Directory.Delete(nodeDataDirectory, recursive: true);
        }
        return new BrokerCredentials(DefaultUser, LocalSecret.LoadOrCreate(passwordFile));
    }

    public override string ToString() => $"BrokerCredentials({User}, ***)";
}

namespace Codewalkers.Samples.AgentStatusSubscriber;

/// <summary>
/// Where the broker is: <c>--broker amqp://user:pass@host:port</c>, else <c>CW_BROKER_URL</c>, else the local broker
/// that <c>./run.sh</c> starts, read from <c>$CW_HOME/rabbitmq</c> (its port in <c>rabbitmq.conf</c>, the generated
/// password in <c>password</c>; CW_HOME defaults to ~/.codewalkers).
/// </summary>
internal static class BrokerAddress
{
    public const string LocalUser = "codewalkers";

    public static Uri Resolve(string[] args)
    {
        var index = Array.IndexOf(args, "--broker");
        if (index >= 0 && index + 1 < args.Length) return new Uri(args[index + 1]);
        if (Environment.GetEnvironmentVariable("CW_BROKER_URL") is { Length: > 0 } fromEnvironment)
            return new Uri(fromEnvironment);
        return Local();
    }

    private static Uri Local()
    {
        var home = Environment.GetEnvironmentVariable("CW_HOME") is { Length: > 0 } set
            ? set
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".codewalkers");
        var root = Path.Combine(home, "rabbitmq");
        var config = Path.Combine(root, "rabbitmq.conf");
        if (!File.Exists(config))
            throw new InvalidOperationException(
                $"No local broker under {root} (is ./run.sh running, with the same CW_HOME?). "
                + "Give one with --broker amqp://user:pass@host:port or CW_BROKER_URL.");
        var listener = File.ReadLines(config)
            .Select(line => line.Trim())
            .First(line => line.StartsWith("listeners.tcp.default", StringComparison.Ordinal));
        var endpoint = listener[(listener.IndexOf('=') + 1)..].Trim(); // 127.0.0.1:<port>
        var password = File.ReadAllText(Path.Combine(root, "password")).Trim();
        return new Uri($"amqp://{LocalUser}:{Uri.EscapeDataString(password)}@{endpoint}");
    }
}

using System.Text.RegularExpressions;
using Codewalkers.SharedKernel.Errors;

namespace Codewalkers.Agents.Domain;

/// <summary>
/// One replica of the Agents service that runs agents: it owns the agents it spawned (their workspace is on its disk,
/// their processes are its children) and proves it is alive by beating (<see cref="LastHeartbeatAt"/>). A runner
/// whose beat is older than the lease is <see cref="LostAt"/>: another runner crashed its live agents once, and it
/// takes the row back when it beats again.
/// </summary>
public sealed partial class Runner
{
    /// <summary>The runner of a single-runner setup; also the owner of agents made before runners existed.</summary>
    public const string DefaultId = "agents";

    public string Id { get; private set; } = "";
    public DateTimeOffset StartedAt { get; private set; }
    public DateTimeOffset LastHeartbeatAt { get; private set; }
    /// <summary>Where its HTTP API answers (for requests that need its processes); null when unknown.</summary>
    public string? Address { get; private set; }
    /// <summary>When another runner found its lease expired and crashed its agents; null while alive.</summary>
    public DateTimeOffset? LostAt { get; private set; }

    private Runner() { }

    public static Runner Start(string id, string? address, DateTimeOffset now)
    {
        EnsureValidId(id);
        return new Runner { Id = id, StartedAt = now, LastHeartbeatAt = now, Address = address };
    }

    /// <summary>A new start of the same runner (a restart): alive again from now.</summary>
    public void Restart(string? address, DateTimeOffset now) =>
        (StartedAt, LastHeartbeatAt, Address, LostAt) = (now, now, address, null);

    /// <summary>Ids name directories and queues: lowercase letters, digits and dashes, at most 40.</summary>
    public static void EnsureValidId(string id)
    {
        if (!ValidId().IsMatch(id))
            throw new ValidationException("Agents:RunnerId",
                $"'{id}' is not a runner id: 1-40 lowercase letters, digits or dashes, starting with a letter or digit.");
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,39}$")]
    private static partial Regex ValidId();
}

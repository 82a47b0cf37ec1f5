using System.Net;
using System.Net.Sockets;
using Codewalkers.Agents.Domain;
using Codewalkers.Agents.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Codewalkers.Agents.Supervision;

/// <summary>
/// Hands each agent its own <see cref="Agent.PortCount"/> ports (CW_PORT_BASE) for its dev servers and test databases,
/// so parallel tasks never collide. A range is taken while an agent holds it on its row (from its launch until it
/// ends), so a restarted service never hands it out twice; a range where any port is already bound on 127.0.0.1 (a
/// process of someone else) is skipped.
/// </summary>
public sealed class PortRanges(IDbContextFactory<AgentsDbContext> databases, IOptions<AgentsOptions> options)
{
    // One allocation at a time: two launches reading the same free range would both take it.
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>The agent's range, allocated and saved on its row at once when it has none.</summary>
    public async Task<int> EnsureAsync(Agent agent, CancellationToken cancellationToken)
    {
        if (agent.PortBase is { } held) return held;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await using var db = await databases.CreateDbContextAsync(cancellationToken);
            var taken = (await db.Agents.Where(a => a.PortBase != null && a.Id != agent.Id)
                .Select(a => a.PortBase!.Value).ToListAsync(cancellationToken)).ToHashSet();
            var ports = options.Value.Ports;
            for (var first = ports.First; first + Agent.PortCount - 1 <= ports.Last; first += Agent.PortCount)
            {
                if (taken.Contains(first) || !AllFree(first)) continue;
                // Saved before the launch, not with it: a concurrent allocation reads it from here on.
                await db.Agents.Where(a => a.Id == agent.Id)
                    .ExecuteUpdateAsync(s => s.SetProperty(a => a.PortBase, (int?)first), cancellationToken);
                agent.AssignPorts(first);
                return first;
            }
            throw new InvalidOperationException(
                $"No free range of {Agent.PortCount} ports is left in {ports.First}-{ports.Last} (Agents:Ports).");
        }
        finally { _gate.Release(); }
    }

    private static bool AllFree(int first) => Enumerable.Range(first, Agent.PortCount).All(IsFree);

    private static bool IsFree(int port)
    {
        try
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
            return true;
        }
        catch (SocketException) { return false; }
    }
}

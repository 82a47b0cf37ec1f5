using System.Text.Json;
using Codewalkers.Cli.Core;

namespace Codewalkers.Cli.Streaming;

/// <summary>
/// Follows an agent's output (GET /api/agents/{id}/output, server-sent events whose id is the byte offset each chunk
/// ends at) until its run ends. A dropped connection is reopened with <c>?from=</c> the last offset received, and
/// every chunk is cut to what is past that offset, so nothing is printed twice and nothing is lost. The stream does
/// not end with the run, so the agent's status is polled beside it; once the run has ended, one last catch-up
/// (<c>follow=false</c>) prints what was stored after the last live chunk.
/// </summary>
public sealed class AgentOutputFollower(
    GatewayClient api, string agentId, ReconnectPolicy reconnect, TimeSpan statusInterval)
{
    public static readonly TimeSpan DefaultStatusInterval = TimeSpan.FromSeconds(1);

    /// <summary>The byte offset everything before which has been written.</summary>
    public long Offset { get; private set; }

    /// <summary>
    /// Writes the output from <paramref name="from"/> on until the run ends; returns the agent as it ended (undefined
    /// when it was deleted meanwhile). <paramref name="notice"/> hears about reconnections.
    /// </summary>
    public async Task<JsonElement> FollowAsync(
        long from, Action<OutputChunk> write, Action<string> notice, CancellationToken cancellationToken)
    {
        Offset = from;
        using var runEnded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var stopWatching = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var watch = WatchAsync(runEnded, notice, stopWatching.Token);
        try
        {
            await ReadAsync(follow: true, write, notice, runEnded.Token);
        }
        catch (OperationCanceledException) when (runEnded.IsCancellationRequested
                                                 && !cancellationToken.IsCancellationRequested)
        {
            // The watcher saw the run end (or failed: awaiting it below says which).
        }
        catch
        {
            await stopWatching.CancelAsync();
            throw;
        }
        var agent = await watch;
        await ReadAsync(follow: false, write, notice, cancellationToken);
        return agent;
    }

    private async Task<JsonElement> WatchAsync(
        CancellationTokenSource runEnded, Action<string> notice, CancellationToken cancellationToken)
    {
        string? waitingUntil = null;
        try
        {
            while (true)
            {
                try
                {
                    var agent = await api.GetAsync($"api/agents/{Uri.EscapeDataString(agentId)}", cancellationToken);
                    if (AgentRunEnd.HasEnded(agent))
                    {
                        await runEnded.CancelAsync();
                        return agent;
                    }
                    // Otherwise nothing comes and nothing says why: every account of its provider is exhausted.
                    var until = Json.String(agent, "waitingForAccountUntil");
                    if (until is not null && until != waitingUntil)
                        notice($"Agent {agentId} waits for a free account until "
                            + $"{Json.Time(agent, "waitingForAccountUntil")} (or until one is added: cw account add).");
                    waitingUntil = until;
                }
                catch (CliException e) when (e.ExitCode == ExitCodes.NotFound)
                {
                    await runEnded.CancelAsync(); // deleted while followed: its stored output is still readable
                    return default;
                }
                catch (CliException e) when (e.ExitCode == ExitCodes.Unreachable)
                {
                    // The stream's reconnects say so and give up in time; asking again is all to do here.
                }
                await Task.Delay(statusInterval, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return default;
        }
        catch
        {
            await runEnded.CancelAsync();
            throw;
        }
    }

    /// <summary>Reads the stream, reconnecting after drops; returns only when a catch-up read is complete.</summary>
    private async Task ReadAsync(
        bool follow, Action<OutputChunk> write, Action<string> notice, CancellationToken cancellationToken)
    {
        while (true)
        {
            CliException? failure = null;
            string why;
            try
            {
                await ReadOnceAsync(follow, write, cancellationToken);
                if (!follow) return;
                why = "the stream ended"; // the server cuts off a reader that falls behind
            }
            catch (Exception e) when (IsDrop(e))
            {
                // A read cut by Ctrl+C (or the run's end) can surface as an I/O error: it is a cancellation.
                cancellationToken.ThrowIfCancellationRequested();
                (failure, why) = (e as CliException, e.Message);
            }
            if (!await reconnect.WaitAsync(cancellationToken))
                throw failure ?? new CliException(ExitCodes.Unreachable,
                    $"Lost the output stream of agent {agentId} ({why}); stopped following at byte {Offset}.");
            notice($"Connection lost ({why}); resuming agent {agentId}'s output at byte {Offset}.");
        }
    }

    private async Task ReadOnceAsync(bool follow, Action<OutputChunk> write, CancellationToken cancellationToken)
    {
        var path = $"api/agents/{Uri.EscapeDataString(agentId)}/output?from={Offset}" + (follow ? "" : "&follow=false");
        await foreach (var item in api.StreamAsync(path, reconnect.Connected, cancellationToken))
        {
            if (item.EventType != "chunk") continue;
            if (OutputChunk.Parse(item.Data).After(Offset) is not { } fresh) continue;
            // Written and counted together, with no await between: a cancellation cannot split them.
            write(fresh);
            Offset = fresh.End;
        }
    }

    /// <summary>A failure that reconnecting may cure: the connection, not the request.</summary>
    private static bool IsDrop(Exception e) =>
        e is IOException or HttpRequestException || e is CliException { ExitCode: ExitCodes.Unreachable };
}

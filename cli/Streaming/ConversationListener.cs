using System.Text.Json;
using Codewalkers.Cli.Core;

namespace Codewalkers.Cli.Streaming;

/// <summary>
/// Reads GET /api/conversations/stream (server-sent events: the questions still pending for an agent, oldest first,
/// then a <c>listening</c> event, then each new question as it is asked) until the first question. A dropped
/// connection is opened again under the reconnect policy; a reconnect gets the pending ones again, so none is lost.
/// </summary>
public sealed class ConversationListener(GatewayClient api, ReconnectPolicy reconnect)
{
    /// <summary>How long a look with no timeout (`--timeout 0`) may take before it counts as "none waiting".</summary>
    public static readonly TimeSpan LookLimit = TimeSpan.FromSeconds(15);

    /// <summary>
    /// The oldest pending question to <paramref name="agentId"/>, or the first one asked within
    /// <paramref name="timeout"/>; null when none came. With a zero timeout it looks once: only what is pending now.
    /// </summary>
    public async Task<JsonElement?> NextAsync(string agentId, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var lookOnce = timeout <= TimeSpan.Zero;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(lookOnce ? LookLimit : timeout);
        try
        {
            while (true)
            {
                Exception? failure = null;
                try
                {
                    var (question, caughtUp) = await ReadOnceAsync(agentId, lookOnce, deadline.Token);
                    if (question is not null) return question;
                    if (caughtUp && lookOnce) return null;
                    // Otherwise the server closed the stream (a restart): open it again.
                }
                catch (Exception e) when (IsDrop(e))
                {
                    // A read cut by Ctrl+C or the deadline can surface as an I/O error: it is a cancellation.
                    deadline.Token.ThrowIfCancellationRequested();
                    failure = e;
                }
                if (!await reconnect.WaitAsync(deadline.Token))
                    throw failure as CliException ?? new CliException(ExitCodes.Unreachable,
                        $"Cannot reach Codewalkers at {api.ApiUrl} ({failure?.Message.TrimEnd('.') ?? "the stream "
                        + "keeps closing"}); stopped listening after {reconnect.MaxAttempts} retries.");
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested
                                                 && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    private async Task<(JsonElement? Question, bool CaughtUp)> ReadOnceAsync(
        string agentId, bool lookOnce, CancellationToken cancellationToken)
    {
        var path = QueryString.Path("api/conversations/stream", ("toAgentId", agentId));
        var caughtUp = false;
        await foreach (var item in api.StreamAsync(path, reconnect.Connected, cancellationToken))
        {
            if (item.EventType == "conversation") return (JsonDocument.Parse(item.Data).RootElement.Clone(), true);
            if (item.EventType != "listening") continue;
            caughtUp = true;
            if (lookOnce) break;
        }
        return (null, caughtUp);
    }

    /// <summary>A failure that reconnecting may cure: the connection, not the request.</summary>
    private static bool IsDrop(Exception e) =>
        e is IOException or HttpRequestException || e is CliException { ExitCode: ExitCodes.Unreachable };
}

using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using Codewalkers.Cli.Core;
using Codewalkers.Cli.Streaming;

namespace Codewalkers.Cli.Commands;

/// <summary>
/// What `cw ask`, `cw listen` and `cw answer` share: the conversations API (Collaboration, /api/conversations), text
/// from an argument or stdin, and the wait for an answer: the same long-polling GET again until the answer is there or
/// time is up (`cw listen` reads a stream instead: <see cref="ConversationListener"/>).
/// </summary>
internal static class Conversations
{
    /// <summary>What one GET waits at most on the server (it allows 0..60): a proxy cuts nothing this short.</summary>
    public const int LongPollSeconds = 30;

    private static readonly TimeSpan EarlyAnswerPause = TimeSpan.FromSeconds(1);

    // A server that holds a request well beyond the wait it was asked for is treated as a dropped connection.
    private static readonly TimeSpan RequestGrace = TimeSpan.FromSeconds(15);

    public static string PathOf(string id) => $"api/conversations/{Uri.EscapeDataString(id)}";

    public static Option<int> Timeout(int defaultSeconds, string what)
    {
        var timeout = new Option<int>("--timeout")
        {
            HelpName = "seconds",
            Description = $"Seconds to wait for {what} (0: look once, do not wait).",
            DefaultValueFactory = _ => defaultSeconds,
        };
        timeout.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 0) result.AddError("--timeout must be 0 or more seconds.");
        });
        return timeout;
    }

    /// <summary>The text as given, or stdin for "-"; empty text is a usage error (the API refuses it anyway).</summary>
    public static string Text(CliContext context, string given, string what)
    {
        var text = given == "-" ? context.Host.In.ReadToEnd() : given;
        return string.IsNullOrWhiteSpace(text) ? throw CliException.Usage($"The {what} is empty.") : text;
    }

    /// <summary>
    /// GETs <paramref name="path"/> (given the seconds the server may wait) until <paramref name="done"/> holds or
    /// <paramref name="timeoutSeconds"/> have passed; the last answer, and whether it is done. Always looks at least
    /// once. Ctrl+C cancels (exit 130); a gateway that stays unreachable ends it with exit 5.
    /// </summary>
    public static async Task<(JsonElement Last, bool Done)> WaitAsync(GatewayClient api, Func<int, string> path,
        Func<JsonElement, bool> done, int timeoutSeconds, CancellationToken cancellationToken)
    {
        var elapsed = Stopwatch.StartNew();
        var limit = TimeSpan.FromSeconds(timeoutSeconds);
        // A gateway that drops out mid-wait (a restart, a proxy cut) is asked again after a few pauses, then given up.
        var reconnect = ReconnectPolicy.ForWait();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var wait = (int)Math.Clamp(Math.Ceiling((limit - elapsed.Elapsed).TotalSeconds), 0, LongPollSeconds);
            var asked = elapsed.Elapsed;
            try
            {
                var answer = await GetAsync(api, path(wait), wait, cancellationToken);
                reconnect.Connected();
                if (done(answer)) return (answer, true);
                var left = limit - elapsed.Elapsed;
                if (left <= TimeSpan.Zero) return (answer, false);
                // A server that does not hold the request as asked is not asked again at full speed.
                if (elapsed.Elapsed - asked < TimeSpan.FromSeconds(wait) / 2)
                    await Task.Delay(left < EarlyAnswerPause ? left : EarlyAnswerPause, cancellationToken);
            }
            catch (Exception e) when (IsDrop(e))
            {
                // A read cut by Ctrl+C can surface as an I/O error: it is a cancellation.
                cancellationToken.ThrowIfCancellationRequested();
                if (elapsed.Elapsed >= limit || !await reconnect.WaitAsync(cancellationToken))
                    throw GaveUp(api, e, reconnect.MaxAttempts);
            }
        }
    }

    private static async Task<JsonElement> GetAsync(GatewayClient api, string path, int wait, CancellationToken ct)
    {
        using var request = CancellationTokenSource.CreateLinkedTokenSource(ct);
        request.CancelAfter(TimeSpan.FromSeconds(wait) + RequestGrace);
        return await api.GetAsync(path, request.Token);
    }

    /// <summary>
    /// A failure asking again may cure: the connection, not the request (a cancellation here is the request's own
    /// time limit, or Ctrl+C, which the catch rethrows).
    /// </summary>
    private static bool IsDrop(Exception e) => e is IOException or HttpRequestException or OperationCanceledException
        || e is CliException { ExitCode: ExitCodes.Unreachable };

    private static CliException GaveUp(GatewayClient api, Exception e, int retries)
    {
        var why = e switch
        {
            CliException cli => cli.Message.TrimEnd('.'),
            OperationCanceledException => $"Cannot reach Codewalkers at {api.ApiUrl} (no answer in time)",
            _ => $"Cannot reach Codewalkers at {api.ApiUrl} ({e.Message.TrimEnd('.')})",
        };
        return new CliException(ExitCodes.Unreachable, $"{why}; stopped waiting after {retries} retries.");
    }
}

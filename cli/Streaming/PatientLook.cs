using System.Text.Json;
using Codewalkers.Cli.Core;

namespace Codewalkers.Cli.Streaming;

/// <summary>
/// One look at what a command waits on (an errand, a chat session), asked again across a dropped gateway or a
/// restarting service with the reconnect policy's pauses; when they run out, exit 5 saying what goes on meanwhile.
/// </summary>
public sealed class PatientLook(CliContext context, ReconnectPolicy reconnect)
{
    // A look the server holds this long is taken as a dropped connection and asked again.
    private static readonly TimeSpan LookLimit = TimeSpan.FromSeconds(30);

    /// <summary>
    /// GET <paramref name="path"/>; <paramref name="goesOn"/> says what continues without the command, for the
    /// message when it gives up.
    /// </summary>
    public async Task<JsonElement> GetAsync(string path, string goesOn, CancellationToken ct)
    {
        while (true)
        {
            try
            {
                using var look = CancellationTokenSource.CreateLinkedTokenSource(ct);
                look.CancelAfter(LookLimit);
                var answer = await context.Api.GetAsync(path, look.Token);
                reconnect.Connected();
                return answer;
            }
            catch (Exception e) when (e is IOException or HttpRequestException or OperationCanceledException
                                      || e is CliException { ExitCode: ExitCodes.Unreachable })
            {
                // A read cut by Ctrl+C can surface as an I/O error: it is a cancellation.
                ct.ThrowIfCancellationRequested();
                var why = e is OperationCanceledException ? "no answer in time" : e.Message.TrimEnd('.');
                if (!await reconnect.WaitAsync(ct))
                    throw new CliException(ExitCodes.Unreachable, $"{why}; stopped waiting after " +
                        $"{reconnect.MaxAttempts} retries ({goesOn}).");
                await context.Host.Error.WriteLineAsync($"cw: connection lost ({why}); looking again.");
            }
        }
    }
}

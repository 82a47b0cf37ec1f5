using System.CommandLine;
using System.CommandLine.Invocation;

namespace Codewalkers.Cli.Core;

/// <summary>
/// Gives a command its action: the action gets a <see cref="CliContext"/> built from the global options, and any
/// <see cref="CliException"/> becomes one line on stderr and its exit code, never a stack trace.
/// </summary>
public static class CommandActions
{
    public delegate Task Run(CliContext context, ParseResult parse, CancellationToken cancellationToken);

    public delegate Task<int> RunWithExitCode(CliContext context, ParseResult parse, CancellationToken cancellationToken);

    public static Command Does(this Command command, Run run) =>
        command.Does(async (context, parse, cancellationToken) =>
        {
            await run(context, parse, cancellationToken);
            return ExitCodes.Success;
        });

    public static Command Does(this Command command, RunWithExitCode run)
    {
        command.Action = new CwAction(run);
        return command;
    }

    private sealed class CwAction(RunWithExitCode run) : AsynchronousCommandLineAction
    {
        public override async Task<int> InvokeAsync(ParseResult parse, CancellationToken cancellationToken = default)
        {
            var root = (CwRootCommand)parse.RootCommandResult.Command;
            var host = root.Host;
            try
            {
                var connection = Connection.Resolve(parse.GetValue(root.Api), host);
                var json = parse.GetValue(root.Json) || host.Environment("CW_AGENT_ID") is { Length: > 0 };
                using var http = host.Handler is null ? new HttpClient() : new HttpClient(host.Handler, false);
                http.Timeout = Timeout.InfiniteTimeSpan;
                var context = new CliContext(new GatewayClient(http, connection), new Output(host, json), host);
                return await run(context, parse, cancellationToken);
            }
            catch (CliException e)
            {
                await host.Error.WriteLineAsync($"cw: {e.Message}");
                return e.ExitCode;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return ExitCodes.Cancelled;
            }
        }
    }
}

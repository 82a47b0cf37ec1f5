namespace Codewalkers.Cli.Core;

/// <summary>A failure the user is told about in one line, with the exit code scripts see.</summary>
public sealed class CliException(int exitCode, string message) : Exception(message)
{
    public int ExitCode { get; } = exitCode;

    public static CliException Usage(string message) => new(ExitCodes.Usage, message);
}

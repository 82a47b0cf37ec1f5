using Codewalkers.Contracts.Agents;

namespace Codewalkers.Agents.Domain;

/// <summary>
/// One run of a project's verify command on an execution agent's work, kept as the evidence of "done": passed or
/// failed, with the tail of what it printed.
/// </summary>
public sealed class VerificationRun
{
    public long Id { get; private set; }
    public string AgentId { get; private set; } = "";
    /// <summary>The agent session whose done signal was checked.</summary>
    public int SessionNumber { get; private set; }
    public string ProjectName { get; private set; } = "";
    public string Command { get; private set; } = "";
    /// <summary>Null when the command was killed at its time limit.</summary>
    public int? ExitCode { get; private set; }
    public bool TimedOut { get; private set; }
    public long DurationMs { get; private set; }
    /// <summary>The last bytes of its stdout and stderr together (Agents:VerifyOutputTailBytes).</summary>
    public string OutputTail { get; private set; } = "";
    public DateTimeOffset At { get; private set; }

    public bool Passed => ExitCode == 0 && !TimedOut;

    private VerificationRun() { }

    public static VerificationRun Create(string agentId, int session, string projectName, string command,
        int? exitCode, bool timedOut, long durationMs, string outputTail, DateTimeOffset at) =>
        new()
        {
            AgentId = agentId, SessionNumber = session, ProjectName = projectName, Command = command,
            ExitCode = exitCode, TimedOut = timedOut, DurationMs = durationMs, OutputTail = outputTail, At = at,
        };

    public AgentVerification ToContract() => new(Command, ExitCode, TimedOut, DurationMs, OutputTail, At);
}

using Codewalkers.Agents.Providers;
using Codewalkers.Agents.Providers.Parsers;
using Codewalkers.Agents.Workspace;

namespace Codewalkers.Agents.Supervision;

/// <summary>The supervisor's view of one session of one agent: where to read, what was seen so far.</summary>
internal sealed class AgentRun(string agentId, string name, int session, int? pid, AgentPaths paths,
    ProviderDefinition provider, OutputTailer tailer, DateTimeOffset startedAt)
{
    public string AgentId { get; } = agentId;
    public string Name { get; } = name;
    public int Session { get; } = session;
    public int? Pid { get; } = pid;
    public AgentPaths Paths { get; } = paths;
    public ProviderDefinition Provider { get; } = provider;
    public OutputTailer Tailer { get; } = tailer;
    public DateTimeOffset StartedAt { get; } = startedAt;
    public IOutputParser Parser { get; } = OutputParsers.For(provider.Parser);
    public RunObservation Observation { get; } = new(provider);
    /// <summary>Where the observation has read the output file to (a chunk read again is not observed twice).</summary>
    public long ObservedThrough { get; set; } = tailer.Offset;
    /// <summary>Chunks read and published, oldest first, until their commit (<see cref="OutputIngest"/>).</summary>
    public Queue<StoringChunk> Storing { get; } = new();
    public long UncommittedBytes { get; set; }
    public bool StopRequested { get; set; }
    public bool TimedOut { get; set; }
    /// <summary>When the supervisor first saw the agent's signal file (its exit should follow).</summary>
    public DateTimeOffset? SignalSeenAt { get; set; }

    public string ExitCodeFile => Paths.ExitCodeFile(Session);

    public sealed record StoringChunk(long Start, int Bytes, Task Stored);

    public void Observe(byte[] bytes)
    {
        foreach (var line in OutputTailer.Lines(bytes))
            foreach (var e in Parser.Parse(line.Span)) Observation.Apply(e);
    }

    /// <summary>The CLI's exit status as the wrapper recorded it; null when the wrapper itself was killed.</summary>
    public int? ReadExitCode() =>
        File.Exists(ExitCodeFile) && int.TryParse(File.ReadAllText(ExitCodeFile).Trim(), out var code) ? code : null;
}

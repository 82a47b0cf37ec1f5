namespace Codewalkers.Agents.Domain;

/// <summary>
/// A batch of raw output lines. No foreign key to agents: logs outlive the agent. <see cref="StartOffset"/> and
/// <see cref="EndOffset"/> are byte offsets in the agent's output file, so a reader can catch up from any point.
/// </summary>
public sealed class AgentLogChunk
{
    public long Id { get; private set; }
    public string AgentId { get; private set; } = "";
    public string AgentName { get; private set; } = "";
    public int SessionNumber { get; private set; }
    public string Content { get; private set; } = "";
    public long StartOffset { get; private set; }
    public long EndOffset { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }

    private AgentLogChunk() { }

    public static AgentLogChunk Create(string agentId, string agentName, int sessionNumber, string content, long start,
        long end, DateTimeOffset now) =>
        new()
        {
            AgentId = agentId, AgentName = agentName, SessionNumber = sessionNumber, Content = content,
            StartOffset = start, EndOffset = end, CreatedAt = now,
        };
}

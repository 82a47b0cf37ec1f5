using System.Text.Json;
using Codewalkers.Cli.Core;

namespace Codewalkers.Cli.Streaming;

/// <summary>
/// Whether an agent's run is over, from GET /api/agents/{id}. The output stream itself never ends (it waits for a
/// next session), so a follower asks the agent: idle (not started yet) and running go on; waiting for input, stopped
/// and crashed are the end of this run.
/// </summary>
public static class AgentRunEnd
{
    public static bool HasEnded(JsonElement agent) =>
        Json.String(agent, "status") is "waiting_for_input" or "stopped" or "crashed";
}

namespace Codewalkers.Cli.Core;

/// <summary>What a command's action works with: the API, the output, and the world outside.</summary>
public sealed class CliContext(GatewayClient api, Output output, CliHost host)
{
    public GatewayClient Api { get; } = api;
    public Output Output { get; } = output;
    public CliHost Host { get; } = host;

    /// <summary>Set in an agent's environment: the agent this `cw` runs for (its token is scoped to it).</summary>
    public string? AgentId => Host.Environment("CW_AGENT_ID") is { Length: > 0 } id ? id : null;
}

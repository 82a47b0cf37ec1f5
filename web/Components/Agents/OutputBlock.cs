namespace Codewalkers.Web.Components.Agents;

/// <summary>One readable piece of an agent's output, as <see cref="AgentOutputLog"/> makes it from the raw lines.</summary>
public abstract record OutputBlock;

/// <summary>What the agent said.</summary>
public sealed record SaidBlock(string Text) : OutputBlock;

/// <summary>A line that is not Claude's JSON (another provider, the CLI's own messages): shown as written.</summary>
public sealed record PlainBlock(string Text) : OutputBlock;

/// <summary>A session starting or ending: where one run of the agent begins and what it came to.</summary>
public sealed record MilestoneBlock(string Text, bool IsError) : OutputBlock;

/// <summary>
/// A tool the agent called and, once its answer arrives (a later line), what the tool said. Mutable because the
/// answer comes after the call was shown.
/// </summary>
public sealed record ToolCallBlock(string? Id, string Name, string Argument, string Input) : OutputBlock
{
    public string? Result { get; set; }
    public bool IsError { get; set; }
}

namespace Codewalkers.Planning.Execution;

/// <summary>Settings under "Execution" in configuration.</summary>
public sealed class ExecutionOptions
{
    /// <summary>Execution agents running at once, over every initiative.</summary>
    public int MaxConcurrentAgents { get; set; } = 4;
    /// <summary>A dispatch cycle also runs this often without any trigger: a backstop, not the mechanism.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(30);
}

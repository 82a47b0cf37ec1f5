namespace Codewalkers.Agents.Workspace;

/// <summary>Where an agent's files live: <c>$CW_HOME/workspace/agents/&lt;name&gt;/</c> and its <c>.cw/</c>.</summary>
public sealed record AgentPaths(string Root)
{
    public string Cw => Path.Combine(Root, ".cw");
    public string Input => Path.Combine(Cw, "input");
    public string Output => Path.Combine(Cw, "output");
    public string Signal => Path.Combine(Output, "signal.json");
    public string Logs => Path.Combine(Cw, "logs");
    public string OutputFile => Path.Combine(Logs, "output.jsonl");
    public string PromptFile => Path.Combine(Cw, "PROMPT.md");
    /// <summary>Written by the launch wrapper when the CLI of session <paramref name="session"/> exits.</summary>
    public string ExitCodeFile(int session) => Path.Combine(Logs, $"exit-code.{session}");
    /// <summary>
    /// Written by the launch wrapper, first thing, with its pid: a launch that happened, even if never saved.
    /// </summary>
    public string PidFile(int session) => Path.Combine(Logs, $"pid.{session}");
    /// <summary>Written before session <paramref name="session"/> is launched: the account it runs on.</summary>
    public string LaunchFile(int session) => Path.Combine(Logs, $"launch.{session}");
}

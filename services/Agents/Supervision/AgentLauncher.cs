using Codewalkers.Agents.Domain;
using Codewalkers.Agents.Providers;
using Codewalkers.Agents.Workspace;
using Codewalkers.ServiceDefaults.Security;
using Microsoft.Extensions.Options;

namespace Codewalkers.Agents.Supervision;

/// <summary>
/// Starts one session of an agent's CLI, or adopts it when it was already started. A launch and the save of its pid
/// are two steps; if the service dies between them, the database still says "not launched". The launch intent file
/// (the account) is written before the start and the wrapper records its pid first thing, so the next attempt at the
/// same session finds that run and adopts it instead of starting the CLI a second time.
/// </summary>
public sealed partial class AgentLauncher(
    ProcessLauncher launcher, AgentFiles files, IOptions<AgentsOptions> options, AgentTokens tokens, PortRanges ports,
    ILogger<AgentLauncher> logger)
{
    public sealed record Launched(int Pid, string? AccountId, bool Adopted);

    /// <summary>
    /// Writes the session's prompt file and starts the CLI on it (or adopts the one already started). An agent without
    /// ports gets its range first (saved on its row at once).
    /// </summary>
    public async Task<Launched> LaunchAsync(
        Agent agent, ProviderDefinition provider, string prompt, bool resume, int session, string? configDir,
        string? accountId, CancellationToken cancellationToken)
    {
        var portBase = await ports.EnsureAsync(agent, cancellationToken);
        var paths = files.PathsFor(agent.Name);
        if (ProcessLauncher.ReadPid(paths.PidFile(session)) is { } pid)
        {
            var launchedWith = File.Exists(paths.LaunchFile(session))
                ? File.ReadAllText(paths.LaunchFile(session)).Trim()
                : "";
            LogAdopted(agent.Name, session, pid);
            return new Launched(pid, launchedWith.Length > 0 ? launchedWith : null, Adopted: true);
        }
        Directory.CreateDirectory(paths.Logs);
        AgentFiles.WriteAtomically(paths.LaunchFile(session), accountId ?? "");
        AgentFiles.ClearSignal(paths);
        AgentFiles.WritePrompt(paths, prompt);
        var environment = new Dictionary<string, string>(provider.Environment);
        foreach (var (key, value) in options.Value.Environment) environment[key] = value;
        AddCodewalkersEnvironment(environment, agent);
        environment["CW_PORT_BASE"] = portBase.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (configDir is not null && provider.ConfigDirEnv is { } variable) environment[variable] = configDir;
        var args = provider.BuildArguments(resume, prompt, paths.PromptFile, agent.SessionId, paths.Root);
        var started = launcher.Launch(provider.Executable, args, paths.Root, paths.OutputFile,
            paths.ExitCodeFile(session), paths.PidFile(session), environment, provider.RemoveEnvironment);
        return new Launched(started, accountId, Adopted: false);
    }

    /// <summary>
    /// What the agent needs to call back with <c>cw</c>: the gateway, its own id, a token scoped to it (never the API
    /// token: an agent may not approve, merge or act as another agent) and <c>cw</c> itself first on its PATH.
    /// </summary>
    private void AddCodewalkersEnvironment(Dictionary<string, string> environment, Agent agent)
    {
        environment["CW_AGENT_ID"] = agent.Id;
        environment["CW_AGENT_NAME"] = agent.Name;
        environment["CW_API_URL"] = options.Value.ApiUrl;
        environment["CW_TOKEN"] = tokens.Mint(agent.Id);
        if (options.Value.CliDirectory is { Length: > 0 } cli)
        {
            var path = environment.GetValueOrDefault("PATH") ?? Environment.GetEnvironmentVariable("PATH");
            environment["PATH"] = string.IsNullOrEmpty(path) ? cli : cli + Path.PathSeparator + path;
        }
    }

    [LoggerMessage(LogLevel.Warning,
        "Agent {Name} session {Session} was already launched (pid {Pid}) by a service that stopped before saving it: "
        + "adopted")]
    private partial void LogAdopted(string name, int session, int pid);
}

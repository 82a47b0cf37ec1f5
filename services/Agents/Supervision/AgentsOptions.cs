namespace Codewalkers.Agents.Supervision;

/// <summary>Settings under "Agents" in configuration.</summary>
public sealed class AgentsOptions
{
    /// <summary>The gateway URL agents call back (CW_API_URL).</summary>
    public string ApiUrl { get; set; } = "http://127.0.0.1:5300";
    /// <summary>
    /// The directory holding the <c>cw</c> launcher, put first on every agent's PATH (the AppHost writes it to
    /// <c>$CW_HOME/bin</c>); unset, agents find <c>cw</c> only if the service's own PATH has it.
    /// </summary>
    public string? CliDirectory { get; set; }
    /// <summary>How often each running agent's output file, exit file and signal are checked.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(25);
    /// <summary>
    /// The same, for the first seconds after the agent has written its signal: its exit is then imminent, and noticing
    /// it is the first step of handing its work on (a dependent task waits for it).
    /// </summary>
    public TimeSpan SignalledPollInterval { get; set; } = TimeSpan.FromMilliseconds(5);
    /// <summary>A CLI still running this long after a valid signal is stopped and the signal accepted.</summary>
    public TimeSpan HungSignalGrace { get; set; } = TimeSpan.FromSeconds(60);
    /// <summary>A session running longer is stopped and classified as timeout.</summary>
    public TimeSpan RunTimeout { get; set; } = TimeSpan.FromHours(2);
    /// <summary>Retries per run for retryable outcomes (missing_signal gets one).</summary>
    public int MaxRetries { get; set; } = 3;
    /// <summary>First retry delay; doubled for each further retry (1 s, 2 s, 4 s).</summary>
    public TimeSpan RetryBackoff { get; set; } = TimeSpan.FromSeconds(1);
    /// <summary>
    /// How often a done whose project verify command failed resumes the session with the failure before the agent
    /// stops with <c>verification_failed</c> (its task blocked).
    /// </summary>
    public int VerifyRetries { get; set; } = 2;
    /// <summary>How much of a verify command's output (its end) is stored as evidence.</summary>
    public int VerifyOutputTailBytes { get; set; } = 64 * 1024;
    /// <summary>How much of that the agent is shown when its session is resumed with the failure.</summary>
    public int VerifyPromptTailBytes { get; set; } = 16 * 1024;
    /// <summary>When the provider printed no reset time, an exhausted account is retried after this.</summary>
    public TimeSpan DefaultExhaustion { get; set; } = TimeSpan.FromHours(1);
    /// <summary>Largest single output file carried in AgentCompleted; larger ones are truncated.</summary>
    public int MaxOutputFileBytes { get; set; } = 256 * 1024;
    /// <summary>Cap on all output files together in AgentCompleted.</summary>
    public int MaxOutputTotalBytes { get; set; } = 1024 * 1024;
    /// <summary>Extra environment for every agent CLI (a proxy, a base URL); never secrets of this service.</summary>
    public Dictionary<string, string> Environment { get; set; } = [];
    /// <summary>
    /// Largest read of the output file at once (one log chunk at most). Kept under the large-object heap threshold
    /// (85 KB; its UTF-16 string is twice the bytes): 256 KB reads put every chunk on the LOH, collected only with gen
    /// 2,
    /// and peak memory rose past 300 MB with 50 fast agents (225 MB at 32 KB, about the same ingestion rate).
    /// </summary>
    public int MaxChunkBytes { get; set; } = 32 * 1024;
    /// <summary>
    /// How long a spawn waits for the merges it must start from (SpawnAgent.AfterMerges) before it is refused as
    /// retryable. They were sent before it, so they normally land within a fraction of a second.
    /// </summary>
    public TimeSpan MergeWait { get; set; } = TimeSpan.FromMinutes(2);
    /// <summary>How often clones of deleted projects kept for agents still at work are looked at again.</summary>
    public TimeSpan DeletedProjectSweep { get; set; } = TimeSpan.FromSeconds(30);
    /// <summary>When the machine has room to launch an agent (Agents:Admission:*).</summary>
    public AdmissionOptions Admission { get; set; } = new();
    /// <summary>Where each agent's own ports (CW_PORT_BASE) come from (Agents:Ports:*).</summary>
    public PortOptions Ports { get; set; } = new();
    /// <summary>
    /// This replica's name among several runners on one database (docs/agents.md, "Several runners"); the default
    /// runner keeps the single-runner layout.
    /// </summary>
    public string RunnerId { get; set; } = Domain.Runner.DefaultId;
    /// <summary>
    /// This runner's workspace (clones, worktrees, agent directories); unset: <c>$CW_HOME/workspace</c> for the default
    /// runner, <c>$CW_HOME/runners/&lt;id&gt;/workspace</c> for any other.
    /// </summary>
    public string? WorkspaceDirectory { get; set; }
    /// <summary>
    /// Where this runner's API answers, recorded with its heartbeat for requests that need its processes; unset: the
    /// address it listens on, its host made loopback (set it for runners on several machines).
    /// </summary>
    public string? RunnerAddress { get; set; }
    /// <summary>How often this runner writes its heartbeat and looks for runners whose lease expired.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(2);
    /// <summary>
    /// A runner silent this long is lost: its agents not ended crash with runner_lost, and their tasks are retried.
    /// Long enough for a slow disk or a stop-the-world pause; short enough that a task does not wait long.
    /// </summary>
    public TimeSpan RunnerLease { get; set; } = TimeSpan.FromSeconds(20);
    /// <summary>
    /// Where Codewalkers' own branches move between runners (<see cref="Workspace.SharedRemote"/>): a directory of
    /// bare repositories (<c>$CW_HOME/remotes</c> on one machine) or a git URL prefix; unset, one runner's clone holds
    /// them (the single-runner setup).
    /// </summary>
    public string? SharedRemote { get; set; }
}

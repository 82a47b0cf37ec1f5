using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Codewalkers.EndToEnd.Tests.Infrastructure;
using Codewalkers.TestSupport;

namespace Codewalkers.Proofs.Faults;

/// <summary>
/// The faults of the agents themselves, on a system of their own (its Agents service has a short
/// <c>Agents:RunTimeout</c>, which the long-waiting agents of <see cref="FaultsSuite"/> would not survive, runs its
/// agents on two subscription accounts so a usage limit can exhaust every account, and has its workspace on a small
/// tmpfs): a CLI that hangs, a session that ends without its signal, a usage limit on every account, the workspace disk
/// full. Each row's tasks run through Planning as any initiative's do and must end completed, their work done once.
/// </summary>
public sealed class AgentFaultsSuite(
    RunningSystem system, FakeAnthropicApi model, ProofTable table, FaultRows rows, WorkspaceDisk? disk, string? noDisk)
{
    /// <summary>Agents:RunTimeout for this run (2 h by default): the hang row waits for it.</summary>
    public static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(2);
    /// <summary>Agents:Admission:MinFreeDiskMb for this run: the workspace's tmpfs is far smaller than the 1024 default.</summary>
    public const int MinFreeDiskMb = 16;
    /// <summary>Target: everything recovers without a person within this.</summary>
    private static readonly TimeSpan Recovery = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan GiveUp = TimeSpan.FromMinutes(5);
    /// <summary>ProcessLauncher.StopGroupAsync: SIGINT, SIGTERM, SIGKILL, 5 s apart.</summary>
    private static readonly TimeSpan StopEscalation = TimeSpan.FromSeconds(10);
    /// <summary>The usage limits the usage-limit row's agent gets after its first write, one per account.</summary>
    private static readonly TimeSpan[] UsageLimits = [TimeSpan.FromSeconds(45), TimeSpan.FromSeconds(90)];
    /// <summary>How long the disk stays full with the agent at work, for the failure to show.</summary>
    private static readonly TimeSpan FullFor = TimeSpan.FromSeconds(30);

    private readonly string _run = Guid.NewGuid().ToString("N")[..8];
    private readonly RunningSystem _system = system;

    public static IReadOnlyDictionary<string, string> SystemEnvironment(string modelUrl) =>
        new Dictionary<string, string>
        {
            ["Agents__Executables__claude"] = ClaudeCli.Path,
            // No API key: the agents run on the accounts the suite adds, as subscription users' do.
            ["Agents__Environment__ANTHROPIC_BASE_URL"] = modelUrl,
            ["Agents__Admission__MaxLoadPerCore"] = "1000",
            ["Agents__Admission__MinFreeDiskMb"] = MinFreeDiskMb.ToString(CultureInfo.InvariantCulture),
            ["Agents__RunTimeout"] = RunTimeout.ToString("c", CultureInfo.InvariantCulture),
        };

    public async Task RunAsync()
    {
        using var gateway = new Gateway(_system);
        var releases = Directory.CreateDirectory(Path.Combine(_system.Root, "releases")).FullName;
        var agents = new AdaptiveAgent(model, FaultTasks.ProjectName(_run), releases);
        var tasks = new FaultTasks(_system, gateway, agents, _run);
        await tasks.PrepareAsync();
        string[] accounts =
            [await AddAccountAsync(gateway, "first@faults.example", 0), await AddAccountAsync(gateway, "second@faults.example", 1)];
        var rowsRun = new RowsRun(this, gateway, agents, tasks, accounts);
        try
        {
            // The hang waits minutes for the timeout: the missing signal runs meanwhile. The usage limit exhausts every
            // account and the full disk stops every launch, so each of them runs alone.
            List<Task<Row>> first = [];
            if (rows.Hang) first.Add(Guarded("agent hang: SIGSTOP its claude CLI", rowsRun.HangAsync));
            if (rows.MissingSignal) first.Add(Guarded("agent ends without its signal", rowsRun.MissingSignalAsync));
            foreach (var row in await Task.WhenAll(first)) Add(row);
            if (rows.UsageLimit) Add(await Guarded("usage limit on every account", rowsRun.UsageLimitAsync));
            if (rows.DiskFull)
            {
                if (disk is null)
                    table.Skip("workspace disk full", $"SKIPPED: cannot mount a tmpfs on the workspace ({noDisk})");
                else Add(await Guarded("workspace disk full (tmpfs)", () => rowsRun.DiskFullAsync(disk)));
            }
        }
        finally
        {
            agents.ReleaseAll();
        }
    }

    internal sealed record Row(string Tried, long Count, string Expected, string Measured, bool Passed, string? Detail = null);

    private void Add(Row row) => table.Add(row.Tried, row.Count, row.Expected, row.Measured, row.Passed, row.Detail);

    /// <summary>A row that could not be measured (the system did not answer) fails with why; the next rows still run.</summary>
    private static async Task<Row> Guarded(string tried, Func<Task<Row>> row)
    {
        try { return await row(); }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or InvalidOperationException
            or IOException or TimeoutException or JsonException or KeyNotFoundException)
        {
            return new Row(tried, 1, "measured", "could not be measured", false, ex.ToString());
        }
    }

    /// <summary>A Claude subscription account (OAuth credentials the fake API accepts, onboarding done).</summary>
    private static async Task<string> AddAccountAsync(Gateway gateway, string email, int sortOrder) =>
        (await gateway.PostAsync("/api/accounts", new
        {
            email, sortOrder,
            credentials = new
            {
                claudeAiOauth = new
                {
                    accessToken = $"proof-token-{email}", refreshToken = "proof-refresh",
                    expiresAt = DateTimeOffset.UtcNow.AddDays(30).ToUnixTimeMilliseconds(),
                    scopes = new[] { "user:inference", "user:profile" }, subscriptionType = "max",
                },
            },
            config = new { hasCompletedOnboarding = true },
        })).Str("id");

    private sealed class RowsRun(
        AgentFaultsSuite suite, Gateway gateway, AdaptiveAgent agents, FaultTasks tasks, string[] accounts)
    {
        private string Marker(string row) => $"{row}-{suite._run}";

        /// <summary>
        /// The CLI stopped (SIGSTOP) while it waits in a tool call: nothing in its output changes. The supervisor stops a
        /// session only at Agents:RunTimeout (docs/agents.md; 2 min for this run, 2 h by default), classifies it
        /// timeout and resumes it (up to MaxRetries).
        /// </summary>
        public async Task<Row> HangAsync()
        {
            const string tried = "agent hang: SIGSTOP its claude CLI";
            var marker = Marker("hang");
            var initiative = await tasks.StartAsync("hang", (marker, new Misbehaviour(WaitForRelease: true)));
            var task = initiative.Tasks[0];
            var (agentId, wrapper) = await WaitingAgentAsync(initiative, task, marker);
            var cli = CliOf(wrapper);
            foreach (var pid in cli) LinuxProcesses.Signal(pid, "STOP");
            var stoppedAt = DateTimeOffset.UtcNow;
            // The Bash call itself ends; the stopped CLI cannot read its result.
            agents.Release(marker);

            JsonElement[] sessions = [];
            var ended = await Poll.UntilAsync(async () =>
                (sessions = await initiative.SessionsAsync(agentId)).Length > 0, RunTimeout + GiveUp, 500);
            var cliGone = ended && await Poll.UntilAsync(
                () => Task.FromResult(cli.All(pid => !LinuxProcesses.IsAlive(pid))), TimeSpan.FromSeconds(20));
            var completed = await initiative.CompletedAsync(GiveUp);
            var taskAgents = await initiative.AgentsOfAsync(task);
            sessions = await initiative.SessionsAsync(agentId);
            var first = sessions.FirstOrDefault(s => s.Int("sessionNumber") == 1);
            var second = sessions.FirstOrDefault(s => s.Int("sessionNumber") == 2);
            var outcomes = string.Join(", ", sessions.Select(s => s.Str("outcome")));
            double? lasted = first.ValueKind == JsonValueKind.Object ? (Ended(first) - Started(first)).TotalSeconds : null;
            double? resumedAfter = second.ValueKind == JsonValueKind.Object
                ? (Started(second) - Ended(first)).TotalSeconds : null;
            var stopInto = first.ValueKind == JsonValueKind.Object ? (stoppedAt - Started(first)).TotalSeconds : 0;
            // The stop is SIGINT, SIGTERM, then SIGKILL to the group, 5 s apart (a stopped CLI acts on none but the last).
            var onTime = lasted is { } l && l >= RunTimeout.TotalSeconds && l <= (RunTimeout + StopEscalation + Recovery).TotalSeconds;
            var once = agents.Count(marker, "write") == 1 && agents.Count(marker, "commit") == 1;
            return new Row(tried, cli.Count,
                $"stopped at Agents:RunTimeout ({RunTimeout.TotalMinutes:0} min for this run; 2 h by default; <= 20 s later with "
                + "the stop's INT, TERM, KILL) as timeout, "
                + "the stopped CLI killed, the session resumed by the same agent (<= 10 s); the task completed, its work done once",
                $"CLI stopped {stopInto:0} s into session 1; "
                + (lasted is { } s1 ? $"session 1 ended {s1:0.0} s after its start as {first.Str("outcome")}" : "session 1 never ended")
                + $"; stopped CLI {(cliGone ? "gone" : "still there")}; "
                + (resumedAfter is { } r ? $"session 2 started {r:0.0} s later" : "no session 2")
                + $"; sessions: {outcomes}; task {(completed is { } c ? $"completed {c:0} s after that" : "not completed")}; "
                + $"{taskAgents.Length} agent(s); write x{agents.Count(marker, "write")}, commit x{agents.Count(marker, "commit")}",
                onTime && first.Str("outcome") == "timeout" && cliGone && resumedAfter <= Recovery.TotalSeconds
                    && completed is not null && taskAgents.Length == 1 && once,
                Steps(marker, agents));
        }

        /// <summary>
        /// A session that ends (exit 0, a result) without writing its signal: missing_signal, resumed once with a
        /// reminder (docs/agents.md; OutcomeClassifier). A second session without it crashes the agent, and Planning
        /// gives the task to a new agent on the work the first left (docs/execution.md).
        /// </summary>
        public async Task<Row> MissingSignalAsync()
        {
            const string tried = "agent ends without its signal";
            var once = Marker("nosignal");
            var twice = Marker("twice");
            var initiative = await tasks.StartAsync("missing-signal",
                (once, new Misbehaviour(SignalsSkipped: 1)), (twice, new Misbehaviour(SignalsSkipped: 2)));
            var completed = await initiative.CompletedAsync(GiveUp);
            var onceAgents = await initiative.AgentsOfAsync(initiative.Tasks[0]);
            var twiceAgents = await initiative.AgentsOfAsync(initiative.Tasks[1]);
            var onceSessions = onceAgents.Length > 0 ? await initiative.SessionsAsync(onceAgents[0]) : [];
            var onceOutcomes = onceSessions.Select(s => s.Str("outcome")).ToList();
            double? retriedAfter = onceSessions.Length >= 2
                ? (Started(onceSessions[1]) - Ended(onceSessions[0])).TotalSeconds : null;
            var crashed = twiceAgents.Length > 0 ? await initiative.AgentAsync(twiceAgents[0]) : default;
            var crashedSessions = twiceAgents.Length > 0 ? await initiative.SessionsAsync(twiceAgents[0]) : [];
            var nextSessions = twiceAgents.Length > 1 ? await initiative.SessionsAsync(twiceAgents[1]) : [];
            double? takenOverAfter = crashedSessions.Length > 0 && nextSessions.Length > 0
                ? (Started(nextSessions[0]) - Ended(crashedSessions[^1])).TotalSeconds : null;
            var crashedAs = crashed.ValueKind == JsonValueKind.Object
                ? $"{crashed.Str("status")} ({crashed.Str("statusReason")})" : "none";
            var workOnce = new[] { once, twice }.All(m => agents.Count(m, "write") == 1 && agents.Count(m, "commit") == 1);
            return new Row(tried, 2,
                "missing_signal resumed once with a reminder, then done (one agent); a second miss crashes the agent "
                + "(missing_signal) and Planning's new agent finishes the work it left; each <= 10 s; both tasks completed, work done once",
                $"once: sessions {string.Join(", ", onceOutcomes)}, resumed {Seconds(retriedAfter)} after, {onceAgents.Length} agent(s); "
                + $"twice: first agent {crashedAs} after sessions {string.Join(", ", crashedSessions.Select(s => s.Str("outcome")))}, "
                + $"new agent {Seconds(takenOverAfter)} after ({twiceAgents.Length} agents); "
                + $"tasks {(completed is { } c ? $"completed after {c:0} s" : await initiative.StatusesAsync())}; "
                + $"write/commit once each: {(workOnce ? "yes" : "no")}",
                onceOutcomes.SequenceEqual(["missing_signal", "done"]) && onceAgents.Length == 1
                    && retriedAfter <= Recovery.TotalSeconds
                    && crashed.ValueKind == JsonValueKind.Object && crashed.Str("status") == "crashed"
                    && crashed.Str("statusReason") == "missing_signal" && twiceAgents.Length == 2
                    && takenOverAfter <= Recovery.TotalSeconds && completed is not null && workOnce,
                Steps(once, agents) + "\n" + Steps(twice, agents));
        }

        /// <summary>
        /// Both accounts answer a usage limit, each with its own reset: the session moves to the second account, then
        /// the agent waits (waiting_for_account, no process) until the earliest reset and goes on by itself
        /// (docs/agents.md, docs/providers.md).
        /// </summary>
        public async Task<Row> UsageLimitAsync()
        {
            const string tried = "usage limit on every account";
            var marker = Marker("limit");
            var initiative = await tasks.StartAsync("usage-limit",
                (marker, new Misbehaviour(UsageLimits: UsageLimits)));
            var task = initiative.Tasks[0];
            string? agentId = null;
            JsonElement waiting = default;
            HashSet<int> pids = [];
            var waited = await Poll.UntilAsync(async () =>
            {
                var found = await initiative.AgentsOfAsync(task);
                if (found.Length == 0) return false;
                agentId = found[0];
                var agent = await initiative.AgentAsync(agentId);
                if (agent.Int("pid") is { } pid) pids.Add(pid);
                if (agent.Str("status") != "waiting_for_account") return false;
                waiting = agent;
                return true;
            }, GiveUp, intervalMs: 200);
            var seenAt = DateTimeOffset.UtcNow;
            var resets = agents.Resets(marker);
            DateTimeOffset? until = waited && waiting.TryGetProperty("waitingForAccountUntil", out var u)
                && u.ValueKind == JsonValueKind.String ? u.GetDateTimeOffset() : null;
            var noProcess = waited && waiting.Int("pid") is null && pids.All(pid => !LinuxProcesses.IsAlive(pid));
            var exhausted = (await gateway.ItemsAsync("/api/accounts"))
                .Count(a => a.TryGetProperty("isExhausted", out var e) && e.GetBoolean());
            DateTimeOffset? resumedAt = null;
            if (waited)
                await Poll.UntilAsync(async () =>
                {
                    if ((await initiative.AgentAsync(agentId!)).Str("status") == "waiting_for_account") return false;
                    resumedAt = DateTimeOffset.UtcNow;
                    return true;
                }, GiveUp, intervalMs: 200);
            var completed = await initiative.CompletedAsync(GiveUp);
            var taskAgents = await initiative.AgentsOfAsync(task);
            var sessions = agentId is null ? [] : await initiative.SessionsAsync(agentId);
            var outcomes = sessions.Select(s => s.Str("outcome")).ToList();
            var sessionAccounts = sessions.Select(s => s.Str("accountId")).ToList();
            var earliest = resets.Count > 0 ? resets.Min() : (DateTimeOffset?)null;
            double? resumedAfterReset = resumedAt is { } at && earliest is { } e0 ? (at - e0).TotalSeconds : null;
            var once = agents.Count(marker, "write") == 1 && agents.Count(marker, "commit") == 1;
            var accountsInOrder = sessionAccounts.SequenceEqual([accounts[0], accounts[1], accounts[0]]);
            return new Row(tried, 2,
                "both accounts exhausted; waiting_for_account until the earliest reset, no process; continues by itself "
                + "<= 10 s after that reset on the account it frees; task completed, work done once, one agent",
                (waited
                    ? $"waiting_for_account seen {(earliest is { } e ? $"{(e - seenAt).TotalSeconds:0} s before the earliest reset" : "")}, "
                      + $"until {until:HH:mm:ss} (resets {string.Join(", ", resets.Select(r => r.ToString("HH:mm:ss", CultureInfo.InvariantCulture)))}), "
                      + $"{exhausted} of {accounts.Length} accounts exhausted, {(noProcess ? "no process" : "a process still there")}; "
                    : "never waiting_for_account; ")
                + $"resumed {Seconds(resumedAfterReset)} after the reset; sessions {string.Join(", ", outcomes)} on accounts "
                + $"{(accountsInOrder ? "first, second, first" : string.Join(", ", sessionAccounts))}; "
                + $"task {(completed is not null ? "completed" : "not completed")}, {taskAgents.Length} agent(s), "
                + $"write x{agents.Count(marker, "write")}, commit x{agents.Count(marker, "commit")}",
                waited && until == earliest && noProcess && exhausted == accounts.Length
                    && resumedAfterReset is >= 0 and var late && late <= Recovery.TotalSeconds
                    && outcomes.SequenceEqual(["usage_limit", "usage_limit", "done"]) && accountsInOrder
                    && completed is not null && taskAgents.Length == 1 && once,
                Steps(marker, agents));
        }

        /// <summary>
        /// The workspace's filesystem filled while an agent is at work (its next steps write files and commit), kept
        /// full for a while, then emptied. What the system says meanwhile, whether anything it keeps was left corrupt,
        /// and how soon the work goes on by itself.
        /// </summary>
        public async Task<Row> DiskFullAsync(WorkspaceDisk disk)
        {
            const string tried = "workspace disk full (tmpfs)";
            var marker = Marker("disk");
            var initiative = await tasks.StartAsync("disk-full", (marker, new Misbehaviour(WaitForRelease: true)));
            var task = initiative.Tasks[0];
            await WaitingAgentAsync(initiative, task, marker);
            var filled = disk.Fill();
            var fullAt = Stopwatch.StartNew();
            agents.Release(marker);
            // What the system says while the disk is full: the admission's reason, the agents' statuses and reasons.
            SortedSet<string> said = [];
            string? capacityReason = null;
            while (fullAt.Elapsed < FullFor)
            {
                var capacity = await gateway.GetAsync("/api/agents/capacity");
                if (capacity.TryGetProperty("admitting", out var admitting) && !admitting.GetBoolean())
                    said.Add($"admission: {capacityReason = capacity.Str("reason")}");
                foreach (var agentId in await initiative.AgentsOfAsync(task))
                {
                    var agent = await initiative.AgentAsync(agentId);
                    said.Add($"agent {agentId[..6]}: {agent.Str("status")}"
                        + (agent.TryGetProperty("statusReason", out var r) && r.ValueKind == JsonValueKind.String ? $" ({r.GetString()})" : ""));
                }
                said.Add($"task: {await initiative.TaskStatusAsync(task)}");
                await Task.Delay(1000);
            }
            disk.Empty();
            var emptied = Stopwatch.StartNew();
            double? admittingAfter = null;
            await Poll.UntilAsync(async () =>
            {
                var capacity = await gateway.GetAsync("/api/agents/capacity");
                if (!capacity.GetProperty("admitting").GetBoolean()) return false;
                admittingAfter = emptied.Elapsed.TotalSeconds;
                return true;
            }, GiveUp, intervalMs: 200);
            var completed = await initiative.CompletedAsync(GiveUp);
            var completedAfter = completed is null ? (double?)null : emptied.Elapsed.TotalSeconds;
            var taskAgents = await initiative.AgentsOfAsync(task);
            var (corrupt, linesCut) = Corruption();
            var commits = agents.Count(marker, "commit");
            var clear = capacityReason?.Contains("free disk", StringComparison.Ordinal) == true;
            return new Row(tried, 1,
                $"while full ({WorkspaceDisk.SizeMb} MB tmpfs, MinFreeDiskMb {MinFreeDiskMb}): a clear reason (admission's "
                + "free disk, the agent's status reason); no corrupt database, JSON file or git object; after the filler "
                + "is removed: admitting again and the task completed without a person (admitting <= 10 s)",
                $"filled {filled / (1024 * 1024)} MB; said while full: {string.Join("; ", said)}; after emptying: "
                + $"admitting after {Seconds(admittingAfter)}, task {(completedAfter is { } c ? $"completed after {c:0.0} s" : await initiative.StatusesAsync())}, "
                + $"{taskAgents.Length} agent(s), commit asked x{commits}; corrupt: {(corrupt.Count == 0 ? "none" : string.Join("; ", corrupt))}; "
                + $"output.jsonl lines that are not JSON: {linesCut}",
                clear && corrupt.Count == 0 && admittingAfter <= Recovery.TotalSeconds && completed is not null,
                Steps(marker, agents));
        }

        /// <summary>
        /// What a full disk could have left half-written: every service's database (SQLite's integrity check), every
        /// JSON file the Agents service keeps in the agents' directories, the project's clone (git fsck). Also the
        /// lines of the CLIs' output files that are not JSON.
        /// </summary>
        private (List<string> Found, int LinesCut) Corruption()
        {
            List<string> found = [];
            foreach (var service in EventLedger.Services)
            {
                using var connection = EventLedger.Open(suite._system, service);
                using var command = connection.CreateCommand();
                command.CommandText = "PRAGMA integrity_check";
                var result = command.ExecuteScalar() as string;
                if (result != "ok") found.Add($"{service}.db: {result}");
            }
            var workspace = Path.Combine(suite._system.CwHome, "workspace");
            foreach (var file in Directory.EnumerateFiles(Path.Combine(workspace, "agents"), "*.json",
                new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
            {
                if (!file.Contains("/.cw/", StringComparison.Ordinal)) continue;
                try { using var _ = JsonDocument.Parse(File.ReadAllText(file)); }
                catch (JsonException ex) { found.Add($"{Path.GetRelativePath(workspace, file)}: {ex.Message}"); }
            }
            // The CLI's own output (what the Agents service tails): a line cut short by the full disk is reported, not
            // failed; it is the CLI's file, and the service stores it as the bytes it is.
            var cut = 0;
            foreach (var outputFile in Directory.EnumerateFiles(Path.Combine(workspace, "agents"), "output.jsonl",
                new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
                foreach (var line in File.ReadLines(outputFile).Where(l => l.Length > 0))
                {
                    try { using var _ = JsonDocument.Parse(line); }
                    catch (JsonException) { cut++; }
                }
            var clone = Path.Combine(workspace, "repos", FaultTasks.ProjectName(suite._run));
            var (code, output) = Git(clone, "fsck", "--no-progress", "--no-dangling");
            if (code != 0) found.Add($"git fsck: {output.Trim()}");
            return (found, cut);
        }

        /// <summary>The task's agent once it waits in its Bash call for the suite's release.</summary>
        private async Task<(string Agent, int Pid)> WaitingAgentAsync(FaultInitiative initiative, FaultTask task, string marker)
        {
            (string Agent, int Pid)? running = null;
            if (!await Poll.UntilAsync(async () => agents.Count(marker, "wait") > 0
                && (running = await initiative.RunningAgentAsync(task)) is not null, GiveUp, intervalMs: 500))
                throw new TimeoutException($"The agent of {marker} never waited for its release: {Steps(marker, agents)}");
            // The CLI has asked; give it a moment to start the Bash call.
            await Task.Delay(2000);
            return running!.Value;
        }
    }

    /// <summary>The agent's CLI: the child of its wrapper (sh -c '&lt;cli&gt; ...; echo $? > exit-code').</summary>
    private static List<int> CliOf(int wrapper) =>
        LinuxProcesses.ProgramOf(wrapper) == "sh" ? [.. LinuxProcesses.ChildrenOf(wrapper)] : [wrapper];

    private static DateTimeOffset Started(JsonElement session) => session.GetProperty("startedAt").GetDateTimeOffset();
    private static DateTimeOffset Ended(JsonElement session) => session.GetProperty("endedAt").GetDateTimeOffset();
    private static string Seconds(double? seconds) => seconds is { } s ? $"{s:0.0} s" : "never";

    private static string Steps(string marker, AdaptiveAgent agents) =>
        $"{marker} asked: " + string.Join(", ", agents.Asked(marker).Select(a => $"{a.At:HH:mm:ss} {a.Step}"));

    private static (int Code, string Output) Git(string directory, params string[] args)
    {
        var start = new ProcessStartInfo("git")
        {
            WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var git = Process.Start(start)!;
        var output = git.StandardOutput.ReadToEnd() + git.StandardError.ReadToEnd();
        git.WaitForExit();
        return (git.ExitCode, output);
    }
}

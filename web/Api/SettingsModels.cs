namespace Codewalkers.Web.Api;

/// <summary>A registered project (services/Planning/Apis/ProjectsApi.cs).</summary>
public sealed record SettingsProject(
    string Id, string Name, string Url, string DefaultBranch, DateTimeOffset? LastFetchedAt,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>A provider account (services/Agents/Apis/AccountsApi.cs); its secrets never come back.</summary>
public sealed record SettingsAccount(
    string Id, string Email, string Provider, bool IsExhausted, DateTimeOffset? ExhaustedUntil,
    DateTimeOffset? LastUsedAt, int SortOrder, bool HasCredentials, DateTimeOffset CreatedAt);

/// <summary>An agent CLI the Agents service can run (services/Agents/Apis/ProvidersApi.cs).</summary>
public sealed record SettingsProvider(
    string Name, string Executable, bool Installed, string? Path, string? InstallHint, int Accounts);

/// <summary>
/// Whether agents launch now (GET and PUT /api/agents/capacity, services/Agents/Apis/AgentCapacity.cs):
/// <see cref="Reason"/> names each value measured and the threshold it missed, null while admitting.
/// </summary>
public sealed record MachineCapacity(
    bool Admitting, string? Reason, CapacityMeasured Measured, CapacityThresholds Thresholds,
    AdmissionLimits Overrides, int WaitingAgents, DateTimeOffset MeasuredAt);

/// <summary>The machine as the Agents service measured it; the load per core is rounded to two places.</summary>
public sealed record CapacityMeasured(
    long FreeMemoryMb, long TotalMemoryMb, double LoadAverage, int Cores, double LoadPerCore, long FreeDiskMb,
    int RunningAgents);

/// <summary>The thresholds in force; <see cref="MaxRunningAgents"/> null is no limit.</summary>
public sealed record CapacityThresholds(
    long MinFreeMemoryMb, double MaxLoadPerCore, long MinFreeDiskMb, int? MaxRunningAgents);

/// <summary>
/// Thresholds set at runtime: what GET answers as <c>overrides</c> and what PUT takes. A null one is the configured or
/// derived default, so it is sent as null (not left out) to put that threshold back.
/// </summary>
public sealed record AdmissionLimits(
    long? MinFreeMemoryMb, double? MaxLoadPerCore, long? MinFreeDiskMb, int? MaxRunningAgents);

/// <summary>
/// Work saved before a worktree, branch or clone was removed (GET /api/workspace/saved,
/// services/Agents/Apis/SavedWorkApi.cs). <see cref="ProjectId"/> is null for a deleted project's archived clone.
/// </summary>
public sealed record SavedWork(
    string? ProjectId, string Project, bool ProjectDeleted, string AgentId, string Ref, DateTimeOffset Time,
    string Commit, int FilesChanged, string Summary);

/// <summary>The branch POST /api/workspace/saved/restore made at a saved commit, in the clone that holds it.</summary>
public sealed record RestoredWork(
    string? ProjectId, string Project, bool ProjectDeleted, string Ref, string Branch, string Commit);

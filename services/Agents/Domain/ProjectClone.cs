using Codewalkers.Contracts.Projects;

namespace Codewalkers.Agents.Domain;

/// <summary>A project Agents knows from Planning's events: where to clone it from and its default branch.</summary>
public sealed class ProjectClone
{
    public string Id { get; private set; } = "";
    public string Name { get; private set; } = "";
    public string Url { get; private set; } = "";
    public string DefaultBranch { get; private set; } = "main";
    public long Version { get; private set; }
    /// <summary>Run with <c>sh -c</c> in an execution agent's worktree when it signals done; null: no check.</summary>
    public string? VerifyCommand { get; private set; }
    public int VerifyTimeoutSeconds { get; private set; } = ProjectRules.DefaultVerifyTimeoutSeconds;
    /// <summary>
    /// Planning deleted it: kept as a tombstone so a late event cannot bring it back; its clone is removed.
    /// </summary>
    public bool IsDeleted { get; private set; }

    private ProjectClone() { }

    public static ProjectClone Create(string id, string name, string url, string defaultBranch, long version,
        string? verifyCommand = null, int? verifyTimeoutSeconds = null) =>
        new()
        {
            Id = id, Name = name, Url = url, DefaultBranch = defaultBranch, Version = version,
            VerifyCommand = verifyCommand,
            VerifyTimeoutSeconds = verifyTimeoutSeconds ?? ProjectRules.DefaultVerifyTimeoutSeconds,
        };

    public static ProjectClone Tombstone(string id, long version) =>
        new() { Id = id, Version = version, IsDeleted = true };

    public void Delete(long version)
    {
        IsDeleted = true;
        Version = Math.Max(Version, version);
    }

    public bool Apply(string name, string url, string defaultBranch, long version, string? verifyCommand = null,
        int? verifyTimeoutSeconds = null)
    {
        if (version <= Version) return false;
        (Name, Url, DefaultBranch, Version) = (name, url, defaultBranch, version);
        (VerifyCommand, VerifyTimeoutSeconds) =
            (verifyCommand, verifyTimeoutSeconds ?? ProjectRules.DefaultVerifyTimeoutSeconds);
        return true;
    }
}

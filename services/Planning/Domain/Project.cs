using System.Text.RegularExpressions;
using Codewalkers.Messaging.Persistence;
using Codewalkers.ServiceDefaults;
using Codewalkers.ServiceDefaults.Errors;

namespace Codewalkers.Planning.Domain;

/// <summary>A git repository agents work on. Name and url are unique across projects.</summary>
public sealed partial class Project
{
    public const int MaxNameLength = 100;
    public const int MaxUrlLength = 2000;
    public const int MaxBranchLength = 200;

    public string Id { get; private set; } = "";
    public string Name { get; private set; } = "";
    public string Url { get; private set; } = "";
    public string DefaultBranch { get; private set; } = "main";
    public DateTimeOffset? LastFetchedAt { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    /// <summary>Per-entity counter carried by every event about this project.</summary>
    public long Version { get; private set; }

    private Project() { }

    public static Project Register(string? name, string? url, string? defaultBranch, DateTimeOffset now)
    {
        now = now.TruncatedForStorage();
        var errors = new Dictionary<string, string[]>();
        name = name?.Trim();
        url = url?.Trim();
        defaultBranch = string.IsNullOrWhiteSpace(defaultBranch) ? "main" : defaultBranch.Trim();

        if (string.IsNullOrEmpty(name)) errors["name"] = ["Name is required."];
        else if (name.Length > MaxNameLength) errors["name"] = [$"Name must be at most {MaxNameLength} characters."];
        else if (!NamePattern().IsMatch(name)) errors["name"] = ["Name may contain letters, digits, '.', '_' and '-', and must start with a letter or digit."];

        if (string.IsNullOrEmpty(url)) errors["url"] = ["Url is required: a local git repository path or a git URL."];
        else if (url.Length > MaxUrlLength) errors["url"] = [$"Url must be at most {MaxUrlLength} characters."];
        else if (url.Any(char.IsControl)) errors["url"] = ["Url must not contain control characters."];
        else if (url.StartsWith('-')) errors["url"] = ["Url must not start with '-' (git would read it as an option)."];

        if (defaultBranch.Length > MaxBranchLength || !IsValidBranchName(defaultBranch))
            errors["defaultBranch"] = [$"'{defaultBranch}' is not a valid git branch name."];

        if (errors.Count > 0) throw new ValidationException(errors);

        return new Project
        {
            Id = Ids.New(),
            Name = name!,
            Url = url!,
            DefaultBranch = defaultBranch,
            CreatedAt = now,
            UpdatedAt = now,
            Version = 1,
        };
    }

    /// <summary>Renames the project and/or changes its default branch; absent fields stay. Every change bumps the version.</summary>
    public void Update(string? name, string? defaultBranch, DateTimeOffset now)
    {
        var errors = new Dictionary<string, string[]>();
        name = name?.Trim();
        defaultBranch = defaultBranch?.Trim();
        if (name is not null)
        {
            if (name.Length == 0) errors["name"] = ["Name must not be empty."];
            else if (name.Length > MaxNameLength) errors["name"] = [$"Name must be at most {MaxNameLength} characters."];
            else if (!NamePattern().IsMatch(name)) errors["name"] = ["Name may contain letters, digits, '.', '_' and '-', and must start with a letter or digit."];
        }
        if (defaultBranch is not null && (defaultBranch.Length > MaxBranchLength || !IsValidBranchName(defaultBranch)))
            errors["defaultBranch"] = [$"'{defaultBranch}' is not a valid git branch name."];
        if (errors.Count > 0) throw new ValidationException(errors);

        Name = name ?? Name;
        DefaultBranch = defaultBranch ?? DefaultBranch;
        UpdatedAt = now.TruncatedForStorage();
        Version++;
    }

    /// <summary>Called once the url is known to point at a repository, with its canonical form (full local path).</summary>
    public void UseCanonicalUrl(string url) => Url = url;

    /// <summary>True for URLs git can clone over the network or from a file URL.</summary>
    public static bool LooksLikeRemoteGitUrl(string url) =>
        RemoteUrlPattern().IsMatch(url) || ScpLikePattern().IsMatch(url);

    // git check-ref-format rules, the ones a user can trip over.
    internal static bool IsValidBranchName(string branch) =>
        BranchPattern().IsMatch(branch)
        && !branch.Contains("..") && !branch.Contains("@{") && !branch.Contains("//")
        && !branch.EndsWith('/') && !branch.EndsWith(".lock") && !branch.EndsWith('.');

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]*$")]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"^[A-Za-z0-9_][A-Za-z0-9._/-]*$")]
    private static partial Regex BranchPattern();

    [GeneratedRegex(@"^(https?|ssh|git|file)://[^\s-][^\s]*$", RegexOptions.IgnoreCase)]
    private static partial Regex RemoteUrlPattern();

    // user@host:path/repo.git, the scp-like form ssh remotes use.
    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]*@[A-Za-z0-9][A-Za-z0-9.-]*:[^\s]+$")]
    private static partial Regex ScpLikePattern();
}

using Codewalkers.Contracts.Projects;
using Codewalkers.ServiceDefaults;
using Codewalkers.SharedKernel.Errors;

namespace Codewalkers.Planning.Domain;

/// <summary>A git repository agents work on. Name and url are unique across projects.</summary>
public sealed class Project : VersionedEntity
{
    public const int MaxNameLength = ProjectRules.MaxNameLength;
    public const int MaxUrlLength = ProjectRules.MaxUrlLength;
    public const int MaxBranchLength = ProjectRules.MaxBranchLength;

    public string Name { get; private set; } = "";
    public string Url { get; private set; } = "";
    public string DefaultBranch { get; private set; } = "main";
    public DateTimeOffset? LastFetchedAt { get; private set; }
    /// <summary>
    /// How an execution agent's work is checked before its task counts as done (<c>sh -c</c> in its worktree); null:
    /// not checked.
    /// </summary>
    public string? VerifyCommand { get; private set; }
    /// <summary>The verify command is killed (its whole process group) after this long and counts as failed.</summary>
    public int VerifyTimeoutSeconds { get; private set; } = ProjectRules.DefaultVerifyTimeoutSeconds;

    private Project() { }

    public static Project Register(string? name, string? url, string? defaultBranch, DateTimeOffset now,
        string? verifyCommand = null, int? verifyTimeoutSeconds = null)
    {
        var errors = new Dictionary<string, string[]>();
        name = name?.Trim();
        url = LocalPathOfFileUrl(url?.Trim());
        defaultBranch = string.IsNullOrWhiteSpace(defaultBranch) ? "main" : defaultBranch.Trim();

        if (ProjectRules.NameProblem(name) is { } badName) errors["name"] = [badName];
        if (ProjectRules.UrlProblem(url) is { } badUrl) errors["url"] = [badUrl];
        if (!ProjectRules.IsBranchName(defaultBranch))
            errors["defaultBranch"] = [$"'{defaultBranch}' is not a valid git branch name."];
        verifyCommand = NormalisedCommand(verifyCommand);
        ProjectRules.AddVerifyProblems(errors, verifyCommand, verifyTimeoutSeconds);

        if (errors.Count > 0) throw new ValidationException(errors);

        var project = new Project
        {
            Name = name!, Url = url!, DefaultBranch = defaultBranch, VerifyCommand = verifyCommand,
            VerifyTimeoutSeconds = verifyTimeoutSeconds ?? ProjectRules.DefaultVerifyTimeoutSeconds,
        };
        project.Created(Ids.New(), now);
        return project;
    }

    /// <summary>
    /// Renames the project, changes its default branch and/or how its work is verified; absent fields stay (an empty
    /// verify command removes the check). Every change bumps the version.
    /// </summary>
    public void Update(string? name, string? defaultBranch, DateTimeOffset now, string? verifyCommand = null,
        int? verifyTimeoutSeconds = null)
    {
        var errors = new Dictionary<string, string[]>();
        name = name?.Trim();
        defaultBranch = defaultBranch?.Trim();
        if (name is not null)
        {
            if (name.Length == 0) errors["name"] = ["Name must not be empty."];
            else if (ProjectRules.NameProblem(name) is { } badName) errors["name"] = [badName];
        }
        if (defaultBranch is not null && !ProjectRules.IsBranchName(defaultBranch))
            errors["defaultBranch"] = [$"'{defaultBranch}' is not a valid git branch name."];
        ProjectRules.AddVerifyProblems(errors, verifyCommand, verifyTimeoutSeconds);
        if (errors.Count > 0) throw new ValidationException(errors);

        Name = name ?? Name;
        DefaultBranch = defaultBranch ?? DefaultBranch;
        if (verifyCommand is not null) VerifyCommand = NormalisedCommand(verifyCommand);
        VerifyTimeoutSeconds = verifyTimeoutSeconds ?? VerifyTimeoutSeconds;
        Touch(now);
    }

    private static string? NormalisedCommand(string? command) =>
        string.IsNullOrWhiteSpace(command) ? null : command.Trim();

    /// <summary>
    /// Called once the url is known to point at a repository, with its canonical form (full local path).
    /// </summary>
    public void UseCanonicalUrl(string url) => Url = url;

    /// <summary>
    /// True for URLs git clones over the network (https, http, ssh, git, scp-like); anything else is a local path.
    /// </summary>
    public static bool LooksLikeRemoteGitUrl(string url) => ProjectRules.IsRemoteGitUrl(url);

    /// <summary>
    /// A file:// URL names a local directory: it is checked (and stored) as that path, so <c>file:///etc</c> is refused
    /// like <c>/etc</c>, as a directory that is not a repository.
    /// </summary>
    private static string? LocalPathOfFileUrl(string? url) =>
        url is not null && url.StartsWith("file:", StringComparison.OrdinalIgnoreCase)
            && Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.IsFile && !uri.IsUnc
            ? uri.LocalPath
            : url;

    protected override object CreatedEvent() =>
        new ProjectRegistered(Id, Name, Url, DefaultBranch, Version, CreatedAt, VerifyCommand, VerifyTimeoutSeconds);

    protected override object UpdatedEvent() =>
        new ProjectUpdated(Id, Name, Url, DefaultBranch, Version, UpdatedAt, VerifyCommand, VerifyTimeoutSeconds);

    protected override object DeletedEvent(DateTimeOffset at) => new ProjectDeleted(Id, Version + 1, at);
}

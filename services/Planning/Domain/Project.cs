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

    private Project() { }

    public static Project Register(string? name, string? url, string? defaultBranch, DateTimeOffset now)
    {
        var errors = new Dictionary<string, string[]>();
        name = name?.Trim();
        url = LocalPathOfFileUrl(url?.Trim());
        defaultBranch = string.IsNullOrWhiteSpace(defaultBranch) ? "main" : defaultBranch.Trim();

        if (ProjectRules.NameProblem(name) is { } badName) errors["name"] = [badName];
        if (ProjectRules.UrlProblem(url) is { } badUrl) errors["url"] = [badUrl];
        if (!ProjectRules.IsBranchName(defaultBranch))
            errors["defaultBranch"] = [$"'{defaultBranch}' is not a valid git branch name."];

        if (errors.Count > 0) throw new ValidationException(errors);

        var project = new Project { Name = name!, Url = url!, DefaultBranch = defaultBranch };
        project.Created(Ids.New(), now);
        return project;
    }

    /// <summary>
    /// Renames the project and/or changes its default branch; absent fields stay. Every change bumps the version.
    /// </summary>
    public void Update(string? name, string? defaultBranch, DateTimeOffset now)
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
        if (errors.Count > 0) throw new ValidationException(errors);

        Name = name ?? Name;
        DefaultBranch = defaultBranch ?? DefaultBranch;
        Touch(now);
    }

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
        new ProjectRegistered(Id, Name, Url, DefaultBranch, Version, CreatedAt);

    protected override object UpdatedEvent() => new ProjectUpdated(Id, Name, Url, DefaultBranch, Version, UpdatedAt);

    protected override object DeletedEvent(DateTimeOffset at) => new ProjectDeleted(Id, Version + 1, at);
}

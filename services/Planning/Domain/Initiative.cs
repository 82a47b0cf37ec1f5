using System.Text;
using Codewalkers.Contracts.Planning;
using Codewalkers.Contracts.Projects;
using Codewalkers.ServiceDefaults;
using Codewalkers.SharedKernel;
using Codewalkers.SharedKernel.Errors;

namespace Codewalkers.Planning.Domain;

/// <summary>
/// A piece of work planned into pages, phases and tasks, carried out on its own branch <c>cw/&lt;slug&gt;</c>.
/// </summary>
public sealed class Initiative : VersionedEntity
{
    public const int MaxBranchLength = ProjectRules.MaxBranchLength;
    private const int MaxSlugLength = 60;

    private readonly List<InitiativeProject> _projects = [];

    public string Name { get; private set; } = "";
    public InitiativeStatus Status { get; private set; }
    public string Branch { get; private set; } = "";
    public ExecutionMode ExecutionMode { get; private set; }
    public bool QualityReview { get; private set; }
    /// <summary>When the user asked to execute it; from then on its approved phases are dispatched.</summary>
    public DateTimeOffset? ExecutionStartedAt { get; private set; }
    /// <summary>The providers its agents run on, in order (see <see cref="InitiativeProviders"/>).</summary>
    public IReadOnlyList<string> Providers { get; private set; } = [];
    /// <summary>
    /// Replaces its projects' verify commands for its work (task agents' done checks, merged-result checks of its
    /// merges), run in each project with that project's time limit; null: each project's own.
    /// </summary>
    public string? VerifyCommand { get; private set; }
    public IReadOnlyCollection<InitiativeProject> Projects => _projects;

    private Initiative() { }

    /// <summary>
    /// A new active initiative on <c>branch</c>, which no other initiative may use (see <see
    /// cref="BranchCandidates"/>).
    /// </summary>
    public static Initiative Create(string? name, string branch, ExecutionMode executionMode, bool qualityReview,
        DateTimeOffset now, IReadOnlyList<string?>? providers = null, string? verifyCommand = null)
    {
        var initiative = new Initiative
        {
            Name = Guard.Name("name", name),
            Status = InitiativeStatus.Active,
            Branch = ValidBranch(branch),
            ExecutionMode = executionMode,
            QualityReview = qualityReview,
            Providers = InitiativeProviders.Valid(providers),
            VerifyCommand = ValidVerifyCommand(verifyCommand),
        };
        initiative.Created(Ids.New(), now);
        return initiative;
    }

    /// <summary>
    /// <c>cw/&lt;slug&gt;</c>, then <c>cw/&lt;slug&gt;-2</c>, <c>-3</c>, ...: the caller takes the first one not in
    /// use.
    /// </summary>
    public static IEnumerable<string> BranchCandidates(string? name)
    {
        var slug = Slug(name);
        yield return $"cw/{slug}";
        for (var n = 2; ; n++) yield return $"cw/{slug}-{n}";
    }

    public static string Slug(string? text)
    {
        var slug = new StringBuilder();
        foreach (var c in (text ?? "").ToLowerInvariant())
        {
            if (c is >= 'a' and <= 'z' or >= '0' and <= '9') slug.Append(c);
            else if (slug.Length > 0 && slug[^1] != '-') slug.Append('-');
            if (slug.Length >= MaxSlugLength) break;
        }
        var result = slug.ToString().Trim('-');
        return result.Length == 0 ? "initiative" : result;
    }

    public void Rename(string? name, DateTimeOffset now)
    {
        Name = Guard.Name("name", name);
        Touch(now);
    }

    /// <summary>The branch is fixed once any task has left pending: work already lives on it.</summary>
    public void ChangeBranch(string? branch, bool locked, DateTimeOffset now)
    {
        var valid = ValidBranch(branch);
        if (valid == Branch) return;
        if (locked) throw new ConflictException($"The branch of initiative '{Name}' is locked: a task has already " +
            "left pending.", "Branch locked");
        Branch = valid;
        Touch(now);
    }

    public void Configure(ExecutionMode? executionMode, bool? qualityReview, DateTimeOffset now)
    {
        ExecutionMode = executionMode ?? ExecutionMode;
        QualityReview = qualityReview ?? QualityReview;
        Touch(now);
    }

    /// <summary>Replaces the provider list as a whole (empty: the Agents service's default).</summary>
    public void SetProviders(IReadOnlyList<string?> providers, DateTimeOffset now)
    {
        var valid = InitiativeProviders.Valid(providers);
        if (valid.SequenceEqual(Providers, StringComparer.Ordinal)) return;
        Providers = valid;
        Touch(now);
    }

    /// <summary>Blank clears it: its projects' own commands apply again.</summary>
    public void SetVerifyCommand(string? command, DateTimeOffset now)
    {
        var valid = ValidVerifyCommand(command);
        if (valid == VerifyCommand) return;
        VerifyCommand = valid;
        Touch(now);
    }

    /// <summary>
    /// Replaces the linked projects as a whole, touching only the links that change. Returns whether any did.
    /// </summary>
    public bool SetProjects(IReadOnlyCollection<string> projectIds, DateTimeOffset now)
    {
        var wanted = projectIds.ToHashSet(StringComparer.Ordinal);
        var removed = _projects.RemoveAll(p => !wanted.Contains(p.ProjectId));
        var added = wanted.Except(_projects.Select(p => p.ProjectId), StringComparer.Ordinal).ToList();
        foreach (var projectId in added) _projects.Add(new InitiativeProject(Id, projectId));
        if (removed == 0 && added.Count == 0) return false;
        Touch(now);
        return true;
    }

    /// <summary>Starts (or keeps) dispatching the approved phases. Only an active initiative executes.</summary>
    public void Execute(DateTimeOffset now)
    {
        if (Status != InitiativeStatus.Active)
            throw new ConflictException($"Cannot execute initiative '{Name}': it is {Status.ToText()}; execute " +
                "needs active.", "Impossible transition");
        if (ExecutionStartedAt is not null) return;
        ExecutionStartedAt = now;
        Touch(now);
    }

    public void SubmitForReview(DateTimeOffset now)
        => Move(InitiativeStatus.PendingReview, "submit for review", now, InitiativeStatus.Active);

    public void Complete(DateTimeOffset now)
        => Move(InitiativeStatus.Completed, "complete", now, InitiativeStatus.PendingReview);

    public void Archive(DateTimeOffset now) =>
        Move(InitiativeStatus.Archived, "archive", now, InitiativeStatus.Active, InitiativeStatus.PendingReview,
            InitiativeStatus.Completed);

    public void Reactivate(DateTimeOffset now)
        => Move(InitiativeStatus.Active, "reactivate", now, InitiativeStatus.Archived);

    private void Move(InitiativeStatus to, string action, DateTimeOffset now, params InitiativeStatus[] from)
    {
        if (!from.Contains(Status))
            throw new ConflictException(
                $"Cannot {action} initiative '{Name}': it is {Status.ToText()}; {action} needs " +
                    $"{string.Join(" or ", from.Select(s => s.ToText()))}.",
                "Impossible transition");
        Status = to;
        Touch(now);
    }

    protected override object CreatedEvent() => new InitiativeCreated(
        Id, Name, Status.ToText(), Branch, ExecutionMode.ToText(), QualityReview, ProjectIds(), Version, UpdatedAt);

    protected override object UpdatedEvent() => new InitiativeUpdated(
        Id, Name, Status.ToText(), Branch, ExecutionMode.ToText(), QualityReview, ProjectIds(), Version, UpdatedAt);

    protected override object DeletedEvent(DateTimeOffset at) => new InitiativeDeleted(Id, Version + 1, at);

    private string[] ProjectIds() => [.. _projects.Select(p => p.ProjectId).Order(StringComparer.Ordinal)];

    /// <summary>The same rules as a project's command; blank is none.</summary>
    public static string? ValidVerifyCommand(string? command)
    {
        if (string.IsNullOrWhiteSpace(command)) return null;
        if (ProjectRules.VerifyCommandProblem(command) is { } problem)
            throw new ValidationException("verifyCommand", problem);
        return command.Trim();
    }

    private static string ValidBranch(string? branch)
    {
        var trimmed = branch?.Trim();
        if (string.IsNullOrEmpty(trimmed)) throw new ValidationException("branch", "Branch must not be empty.");
        if (!ProjectRules.IsBranchName(trimmed))
            throw new ValidationException("branch", $"'{trimmed}' is not a valid git branch name.");
        return trimmed;
    }
}

/// <summary>A link between an initiative and a project it works on.</summary>
public sealed class InitiativeProject(string initiativeId, string projectId)
{
    public string InitiativeId { get; private set; } = initiativeId;
    public string ProjectId { get; private set; } = projectId;
}

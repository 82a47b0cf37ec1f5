using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Codewalkers.Contracts.Projects;

/// <summary>
/// What a project's id, name, url and default branch must look like wherever they arrive. Planning refuses anything
/// else with a 400; the services that copy projects from its events ignore a message that breaks them, since anyone who
/// can reach the broker could have published it. Messages never echo the value: they end up in logs.
/// </summary>
public static partial class ProjectRules
{
    public const int MaxNameLength = 100;
    public const int MaxUrlLength = 2000;
    public const int MaxBranchLength = 200;
    public const int MaxVerifyCommandLength = 2000;
    public const int DefaultVerifyTimeoutSeconds = 600;
    public const int MinVerifyTimeoutSeconds = 10;
    public const int MaxVerifyTimeoutSeconds = 7200;

    /// <summary>
    /// Cloud metadata services: a clone from one would hand its answer (instance credentials) to an agent.
    /// </summary>
    private static readonly HashSet<string> MetadataHosts = new(StringComparer.OrdinalIgnoreCase)
    {
        "metadata", "metadata.google.internal", "metadata.goog", "instance-data", "instance-data.ec2.internal",
    };

    private static readonly IPAddress[] MetadataAddresses =
        [IPAddress.Parse("100.100.100.200"), IPAddress.Parse("fd00:ec2::254")];

    /// <summary>
    /// Every field that breaks a rule, by its name in the API, for a project as an event describes it.
    /// </summary>
    public static IDictionary<string, string[]> Problems(string? id, string? name, string? url, string? defaultBranch)
    {
        var problems = new Dictionary<string, string[]>();
        if (IdProblem(id) is { } badId) problems["id"] = [badId];
        if (NameProblem(name) is { } badName) problems["name"] = [badName];
        if (UrlProblem(url) is { } badUrl) problems["url"] = [badUrl];
        if (BranchProblem(defaultBranch) is { } badBranch) problems["defaultBranch"] = [badBranch];
        return problems;
    }

    /// <summary>
    /// Adds a problem for a verify command or time limit that breaks its rule (by its name in the API); null is unset.
    /// </summary>
    public static void AddVerifyProblems(IDictionary<string, string[]> problems, string? command, int? timeoutSeconds)
    {
        if (VerifyCommandProblem(command) is { } badCommand) problems["verifyCommand"] = [badCommand];
        if (VerifyTimeoutProblem(timeoutSeconds) is { } badTimeout) problems["verifyTimeoutSeconds"] = [badTimeout];
    }

    public static string? VerifyCommandProblem(string? command)
    {
        if (command is null) return null;
        if (command.Length > MaxVerifyCommandLength)
            return $"Verify command must be at most {MaxVerifyCommandLength} characters.";
        return command.Any(c => char.IsControl(c) && c is not ('\n' or '\t'))
            ? "Verify command must not contain control characters other than newlines and tabs."
            : null;
    }

    public static string? VerifyTimeoutProblem(int? seconds) =>
        seconds is null or (>= MinVerifyTimeoutSeconds and <= MaxVerifyTimeoutSeconds)
            ? null
            : $"Verify timeout must be between {MinVerifyTimeoutSeconds} and {MaxVerifyTimeoutSeconds} seconds.";

    public static string? IdProblem(string? id) =>
        id is not null && IdPattern().IsMatch(id) ? null : "Id must be 21 URL-safe characters.";

    public static string? NameProblem(string? name)
    {
        if (string.IsNullOrEmpty(name)) return "Name is required.";
        if (name.Length > MaxNameLength) return $"Name must be at most {MaxNameLength} characters.";
        return NamePattern().IsMatch(name)
            ? null
            : "Name may contain letters, digits, '.', '_' and '-', and must start with a letter or digit.";
    }

    public static string? BranchProblem(string? branch) =>
        branch is not null && IsBranchName(branch)
            ? null
            : "Default branch must be a valid git branch name "
                + "(letters, digits, '.', '_', '/', '-'; not starting with '-').";

    /// <summary>
    /// A git URL (https, http, ssh, git, or scp-like user@host:path) to a host that is not link-local or a cloud
    /// metadata service, or an absolute local path (Planning also checks that it is the root of a repository). Nothing
    /// else: no file:// (Planning turns one into its local path first), no option-like text, no control characters.
    /// </summary>
    public static string? UrlProblem(string? url)
    {
        if (string.IsNullOrEmpty(url)) return "Url is required: a local git repository path or a git URL.";
        if (url.Length > MaxUrlLength) return $"Url must be at most {MaxUrlLength} characters.";
        if (url.Any(char.IsControl)) return "Url must not contain control characters.";
        if (url.StartsWith('-')) return "Url must not start with '-' (git would read it as an option).";
        if (RemoteHost(url) is { } host)
        {
            return IsForbiddenHost(host)
                ? "Url must not point at a link-local address or a cloud metadata service."
                : null;
        }
        if (SchemePattern().IsMatch(url))
        {
            return "Url must be a git URL (https://, http://, ssh://, git://, user@host:path) "
                + "or an absolute path to a local repository.";
        }
        return Path.IsPathFullyQualified(url) ? null
            : "Url must be a git URL (https://, http://, ssh://, git://, user@host:path) "
                + "or an absolute path to a local repository.";
    }

    /// <summary>True for a URL git clones over the network (its host is checked by <see cref="UrlProblem"/>).</summary>
    public static bool IsRemoteGitUrl(string url) => RemoteHost(url) is not null;

    /// <summary>
    /// git check-ref-format's rules, the ones a user (or a forged message) can trip over; never option-like.
    /// </summary>
    /// <summary>A branch name git accepts and at most <see cref="MaxBranchLength"/> characters long.</summary>
    public static bool IsBranchName(string branch) => branch.Length <= MaxBranchLength && IsValidBranchName(branch);

    private static bool IsValidBranchName(string branch) =>
        BranchPattern().IsMatch(branch)
        && !branch.Contains("..") && !branch.Contains("@{") && !branch.Contains("//")
        && !branch.EndsWith('/') && !branch.EndsWith(".lock") && !branch.EndsWith('.');

    /// <summary>The host a remote git URL names, or null when <paramref name="url"/> is not one.</summary>
    private static string? RemoteHost(string url)
    {
        if (RemoteUrlPattern().IsMatch(url))
            return Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Host.Length > 0 ? uri.Host : null;
        var scp = ScpLikePattern().Match(url);
        return scp.Success ? scp.Groups["host"].Value : null;
    }

    private static bool IsForbiddenHost(string host)
    {
        host = host.Trim('[', ']').TrimEnd('.');
        if (MetadataHosts.Contains(host)) return true;
        if (!IPAddress.TryParse(host, out var address)) return false;
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (MetadataAddresses.Contains(address)) return true;
        return address.AddressFamily == AddressFamily.InterNetwork
            ? address.GetAddressBytes() is [169, 254, ..]
            : address.IsIPv6LinkLocal;
    }

    [GeneratedRegex(@"^[A-Za-z0-9_-]{21}\z")]
    private static partial Regex IdPattern();

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]*\z")]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"^[A-Za-z0-9_][A-Za-z0-9._/-]*\z")]
    private static partial Regex BranchPattern();

    // The host may not start with '-' either: ssh would read it as an option.
    [GeneratedRegex(@"^(https?|ssh|git|git\+ssh|ssh\+git)://[^\s-][^\s]*\z", RegexOptions.IgnoreCase)]
    private static partial Regex RemoteUrlPattern();

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9+.-]*://")]
    private static partial Regex SchemePattern();

    // user@host:path/repo.git, the scp-like form ssh remotes use.
    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]*@(?<host>[A-Za-z0-9][A-Za-z0-9.-]*|\[[0-9A-Fa-f:.]+\]):[^\s]+\z")]
    private static partial Regex ScpLikePattern();
}

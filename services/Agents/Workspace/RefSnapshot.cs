namespace Codewalkers.Agents.Workspace;

/// <summary>
/// The clone's local branches and origin's remote-tracking ones, as one <c>git for-each-ref</c> saw them: every
/// existence check of a spawn or a merge is answered from it rather than by a <c>rev-parse</c> each.
/// </summary>
public sealed class RefSnapshot
{
    private const string Heads = "refs/heads/";
    private const string Origin = "refs/remotes/origin/";
    private readonly Dictionary<string, string> _local = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _remote = new(StringComparer.Ordinal);

    public static async Task<RefSnapshot> ReadAsync(string repo)
    {
        var listing = await Git.RunAsync(repo, "for-each-ref", "--format=%(objectname) %(refname)", Heads.TrimEnd('/'), Origin.TrimEnd('/'));
        var snapshot = new RefSnapshot();
        foreach (var line in listing.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            // A ref name never contains a space.
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            var (commit, name) = (line[..space], line[(space + 1)..]);
            if (name.StartsWith(Heads, StringComparison.Ordinal)) snapshot._local[name[Heads.Length..]] = commit;
            else if (name.StartsWith(Origin, StringComparison.Ordinal)) snapshot._remote[name[Origin.Length..]] = commit;
        }
        return snapshot;
    }

    /// <summary>The commit of the clone's own <paramref name="branch"/>, or null.</summary>
    public string? Local(string branch) => _local.GetValueOrDefault(branch);

    /// <summary>The commit of origin's <paramref name="branch"/> as last fetched, or null.</summary>
    public string? Remote(string branch) => _remote.GetValueOrDefault(branch);

    /// <summary>The clone's branch, else origin's: local branches are ours (the service makes them) and authoritative.</summary>
    public string? Resolve(string branch) => Local(branch) ?? Remote(branch);

    /// <summary>Records a local branch this process has just created or moved, so later checks see it.</summary>
    public void SetLocal(string branch, string commit) => _local[branch] = commit;
}

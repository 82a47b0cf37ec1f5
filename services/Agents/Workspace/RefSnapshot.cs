namespace Codewalkers.Agents.Workspace;

/// <summary>
/// The clone's local branches and origin's remote-tracking ones, each read once (from the ref files, or all at once by
/// one <c>git for-each-ref</c>): every existence check of a spawn or a merge is answered from it rather than by a
/// <c>rev-parse</c> each.
/// </summary>
public sealed class RefSnapshot
{
    private const string Heads = "refs/heads/";
    private const string Origin = "refs/remotes/origin/";
    private const string SharedRemote = "refs/remotes/" + Workspace.SharedRemote.RemoteName + "/";
    private readonly Dictionary<string, string?> _local = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string?> _remote = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string?> _shared = new(StringComparer.Ordinal);

    /// <summary>
    /// The clone's git directory, whose ref files are read as branches are asked for; null when git listed them all.
    /// </summary>
    private readonly string? _gitDir;

    private RefSnapshot(string? gitDir) => _gitDir = gitDir;

    public static async Task<RefSnapshot> ReadAsync(string repo) => FromRefFiles(repo) ?? await FromGitAsync(repo);

    /// <summary>
    /// The snapshot from the ref files (git's "files" ref storage), without starting git: on a dispatch that is one
    /// process less on the path of every merge. A branch is read when first asked for, its loose file first, then
    /// <c>packed-refs</c> (so a ref being packed meanwhile, packed first and its loose file deleted then, is found in
    /// one or the other); a clone with a branch per task has hundreds of loose refs, and a merge needs two. Null, and
    /// git is asked, when the layout is not the usual one (reftable).
    /// </summary>
    public static RefSnapshot? FromRefFiles(string repo)
    {
        var gitDir = Path.Combine(repo, ".git");
        return Directory.Exists(gitDir) && !Directory.Exists(Path.Combine(gitDir, "reftable"))
            ? new RefSnapshot(gitDir)
            : null;
    }

    public static async Task<RefSnapshot> FromGitAsync(string repo)
    {
        var listing = await Git.RunAsync(
            repo, "for-each-ref", "--format=%(objectname) %(refname)", Heads.TrimEnd('/'), Origin.TrimEnd('/'),
            SharedRemote.TrimEnd('/'));
        var snapshot = new RefSnapshot(gitDir: null);
        foreach (var line in listing.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (Parse(line) is not { } entry) throw new GitException($"git for-each-ref printed '{line}'.");
            if (entry.Name.StartsWith(Heads, StringComparison.Ordinal))
                snapshot._local[entry.Name[Heads.Length..]] = entry.Commit;
            else if (entry.Name.StartsWith(Origin, StringComparison.Ordinal))
                snapshot._remote[entry.Name[Origin.Length..]] = entry.Commit;
            else if (entry.Name.StartsWith(SharedRemote, StringComparison.Ordinal))
                snapshot._shared[entry.Name[SharedRemote.Length..]] = entry.Commit;
        }
        return snapshot;
    }

    /// <summary>The commit of the clone's own <paramref name="branch"/>, or null.</summary>
    public string? Local(string branch) => Lookup(_local, Heads, branch);

    /// <summary>The commit of origin's <paramref name="branch"/> as last fetched, or null.</summary>
    public string? Remote(string branch) => Lookup(_remote, Origin, branch);

    /// <summary>The commit of the shared remote's <paramref name="branch"/> as last fetched or pushed, or null.</summary>
    public string? Shared(string branch) => Lookup(_shared, SharedRemote, branch);

    /// <summary>
    /// The clone's branch, else origin's: local branches are ours (the service makes them) and authoritative.
    /// </summary>
    public string? Resolve(string branch) => Local(branch) ?? Remote(branch);

    /// <summary>Records a local branch this process has just created or moved, so later checks see it.</summary>
    public void SetLocal(string branch, string commit) => _local[branch] = commit;

    private string? Lookup(Dictionary<string, string?> known, string prefix, string branch)
    {
        if (known.TryGetValue(branch, out var commit) || _gitDir is null) return commit;
        var name = prefix + branch;
        return known[branch] = ReadLoose(_gitDir, name) ?? ReadPacked(_gitDir, name);
    }

    /// <summary>
    /// A loose ref's commit; null when it has none (missing, packed, a directory, a symbolic ref such as origin/HEAD).
    /// </summary>
    private static string? ReadLoose(string gitDir, string name)
    {
        var refs = Path.Combine(gitDir, "refs") + Path.DirectorySeparatorChar;
        var file = Path.GetFullPath(Path.Combine(gitDir, name));
        if (!file.StartsWith(refs, StringComparison.Ordinal)) return null;
        try
        {
            var content = File.ReadAllText(file).Trim();
            return IsCommit(content) ? content : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// The commit <c>packed-refs</c> has for <paramref name="name"/>, read after its loose file was not found.
    /// </summary>
    private static string? ReadPacked(string gitDir, string name)
    {
        try
        {
            foreach (var line in File.ReadLines(Path.Combine(gitDir, "packed-refs")))
            {
                if (line.Length == 0 || line[0] is '#' or '^') continue;
                if (Parse(line) is { } entry && entry.Name == name) return entry.Commit;
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { }
        return null;
    }

    /// <summary>A "&lt;commit&gt; &lt;refname&gt;" line (for-each-ref, packed-refs); null when it is not one.</summary>
    private static (string Commit, string Name)? Parse(string line)
    {
        // A ref name never contains a space.
        var space = line.IndexOf(' ', StringComparison.Ordinal);
        return space > 0 && IsCommit(line[..space]) ? (line[..space], line[(space + 1)..]) : null;
    }

    private static bool IsCommit(string text) => text.Length is 40 or 64 && text.All(char.IsAsciiHexDigitLower);
}

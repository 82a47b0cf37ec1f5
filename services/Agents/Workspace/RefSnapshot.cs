namespace Codewalkers.Agents.Workspace;

/// <summary>
/// The clone's local branches and origin's remote-tracking ones, read once (from the ref files, or by one
/// <c>git for-each-ref</c>): every existence check of a spawn or a merge is answered from it rather than by a
/// <c>rev-parse</c> each.
/// </summary>
public sealed class RefSnapshot
{
    private const string Heads = "refs/heads/";
    private const string Origin = "refs/remotes/origin/";
    private readonly Dictionary<string, string> _local = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _remote = new(StringComparer.Ordinal);

    public static async Task<RefSnapshot> ReadAsync(string repo) => FromRefFiles(repo) ?? await FromGitAsync(repo);

    /// <summary>
    /// The same snapshot read from the ref files (git's "files" ref storage), without starting git: on a dispatch that
    /// is one process less on the path of every merge. Loose refs are read before <c>packed-refs</c>, so a ref being
    /// packed meanwhile (packed first, then its loose file deleted) is found in one or the other. Null, and git is
    /// asked, when the layout is not the usual one (reftable, unreadable files).
    /// </summary>
    public static RefSnapshot? FromRefFiles(string repo)
    {
        var gitDir = Path.Combine(repo, ".git");
        if (!Directory.Exists(gitDir) || Directory.Exists(Path.Combine(gitDir, "reftable"))) return null;
        try
        {
            var snapshot = new RefSnapshot();
            ReadLoose(gitDir, Heads, snapshot._local);
            ReadLoose(gitDir, Origin, snapshot._remote);
            var packed = Path.Combine(gitDir, "packed-refs");
            if (File.Exists(packed))
            {
                foreach (var line in File.ReadLines(packed))
                {
                    if (line.Length == 0 || line[0] is '#' or '^') continue;
                    // A loose ref, read first, is newer than its packed line.
                    if (!snapshot.Record(line, overwrite: false)) return null;
                }
            }
            return snapshot;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Loose refs under <paramref name="prefix"/>; symbolic ones (origin/HEAD) and lock files are not branches.</summary>
    private static void ReadLoose(string gitDir, string prefix, Dictionary<string, string> into)
    {
        var root = Path.Combine(gitDir, prefix);
        if (!Directory.Exists(root)) return;
        foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
        {
            if (file.EndsWith(".lock", StringComparison.Ordinal)) continue;
            string content;
            try { content = File.ReadAllText(file).Trim(); }
            catch (FileNotFoundException) { continue; } // packed meanwhile: packed-refs, read next, has it
            if (content.Length is 40 or 64 && content.All(char.IsAsciiHexDigitLower))
                into[Path.GetRelativePath(root, file).Replace('\\', '/')] = content;
        }
    }

    public static async Task<RefSnapshot> FromGitAsync(string repo)
    {
        var listing = await Git.RunAsync(repo, "for-each-ref", "--format=%(objectname) %(refname)", Heads.TrimEnd('/'), Origin.TrimEnd('/'));
        var snapshot = new RefSnapshot();
        foreach (var line in listing.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            if (!snapshot.Record(line, overwrite: true)) throw new GitException($"git for-each-ref printed '{line}'.");
        return snapshot;
    }

    /// <summary>Files a "&lt;commit&gt; &lt;refname&gt;" line (for-each-ref, packed-refs) under its branch; false when it is not one.</summary>
    private bool Record(string line, bool overwrite)
    {
        // A ref name never contains a space.
        var space = line.IndexOf(' ', StringComparison.Ordinal);
        if (space <= 0) return false;
        var (commit, name) = (line[..space], line[(space + 1)..]);
        var (branches, branch) = name.StartsWith(Heads, StringComparison.Ordinal) ? (_local, name[Heads.Length..])
            : name.StartsWith(Origin, StringComparison.Ordinal) ? (_remote, name[Origin.Length..])
            : (null, "");
        if (branches is null) return true;
        if (overwrite) branches[branch] = commit;
        else branches.TryAdd(branch, commit);
        return true;
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

using System.Globalization;

namespace Codewalkers.Agents.Workspace;

/// <summary>
/// The saved refs (<see cref="SavedWork"/>) of every clone: the live projects' under <c>workspace/repos/</c> and the
/// archived clones of deleted projects under <c>workspace/saved/</c>. Read from git each time: the refs are the record.
/// </summary>
public sealed class SavedWorkStore(ProjectClones clones, SavedWork saved)
{
    /// <summary>
    /// A clone holding saved refs: its folder is its project's name (a deleted project's also carries a time).
    /// </summary>
    public sealed record Holder(string Repo, string Folder, bool Archived);

    public sealed record Entry(
        Holder Holder, string Ref, string AgentId, DateTimeOffset Time, string Commit, int FilesChanged,
        string Summary);

    public async Task<IReadOnlyList<Entry>> ListAsync()
    {
        var entries = new List<Entry>();
        foreach (var holder in Holders())
        {
            var listing = await Git.TryAsync(holder.Repo, "for-each-ref",
                "--format=%(refname)%1f%(objectname)%1f%(subject)", SavedWork.RefPrefix.TrimEnd('/'));
            foreach (var line in listing.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                if (line.Split('\u001f') is not [var name, var commit, var subject]
                    || Parse(name) is not var (agentId, time)) continue;
                entries.Add(new Entry(holder, name, agentId, time, commit,
                    await FilesChangedAsync(holder.Repo, commit), subject));
            }
        }
        return [.. entries.OrderByDescending(e => e.Time).ThenBy(e => e.Ref, StringComparer.Ordinal)];
    }

    /// <summary>The clone holding <paramref name="reference"/> and its commit, or null.</summary>
    public async Task<(Holder Holder, string Commit)?> FindAsync(string reference)
    {
        foreach (var holder in Holders())
        {
            var found = await Git.TryAsync(holder.Repo, "rev-parse", "--verify", "--quiet", $"{reference}^{{commit}}");
            if (found.Ok) return (holder, found.Output);
        }
        return null;
    }

    /// <summary>
    /// "refs/cw/saved/&lt;agent&gt;/&lt;yyyyMMddTHHmmssZ&gt;[-n]": the agent and the time of the save, or null.
    /// </summary>
    private static (string AgentId, DateTimeOffset Time)? Parse(string name)
    {
        if (name[SavedWork.RefPrefix.Length..].Split('/') is not [var agentId, var stamp] || stamp.Length < 16)
            return null;
        return DateTimeOffset.TryParseExact(stamp[..16], "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? (agentId, time)
            : null;
    }

    /// <summary>
    /// Files the save changes against origin's default branch (from where they meet), or against its parent commit
    /// when the clone has no origin HEAD.
    /// </summary>
    private static async Task<int> FilesChangedAsync(string repo, string commit)
    {
        var mergeBase = await Git.TryAsync(repo, "merge-base", commit, "refs/remotes/origin/HEAD");
        var diff = mergeBase.Ok
            ? await Git.TryAsync(repo, "diff", "--name-only", "--no-renames", mergeBase.Output, commit)
            : await Git.TryAsync(repo, "diff-tree", "--no-commit-id", "--name-only", "-r", "--root", commit);
        return diff.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
    }

    private IEnumerable<Holder> Holders() =>
        Clones(clones.Root, archived: false).Concat(Clones(saved.ArchiveRoot, archived: true));

    private static IEnumerable<Holder> Clones(string root, bool archived) => Directory.Exists(root)
        ?
        [
            .. Directory.EnumerateDirectories(root).Where(d => Directory.Exists(Path.Combine(d, ".git")))
                .Order(StringComparer.Ordinal).Select(d => new Holder(d, Path.GetFileName(d), archived)),
        ]
        : [];
}

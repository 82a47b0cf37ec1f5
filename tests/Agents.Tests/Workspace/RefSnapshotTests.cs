using Codewalkers.Agents.Workspace;
using Codewalkers.TestSupport;

namespace Codewalkers.Agents.Tests.Workspace;

/// <summary>
/// The branches read from the ref files (each when first asked for) are exactly what git itself lists, loose and packed
/// alike; a directory of refs or a path out of refs/ is no branch.
/// </summary>
public sealed class RefSnapshotTests : IDisposable
{
    private readonly GitRepository _origin = new();
    private readonly string _clone = Directory.CreateTempSubdirectory("cw-refs-").FullName;

    public void Dispose()
    {
        _origin.Dispose();
        try { Directory.Delete(_clone, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task Reading_the_ref_files_finds_what_git_lists_for_loose_packed_nested_and_overridden_branches()
    {
        foreach (var branch in (string[])["feature", "team/topic", "cw/init-phase-one"]) _origin.Git("branch", branch);
        _origin.Git("clone", "-q", _origin.Path, _clone);
        var main = _origin.Git("rev-parse", "main");
        _origin.Git("-C", _clone, "branch", "packed-then-moved", main);
        _origin.Git("-C", _clone, "branch", "cw/nested/packed", main);
        _origin.Git("-C", _clone, "pack-refs", "--all");
        // After packing: a new loose branch, and a packed one moved (its loose file now overrides the packed line).
        _origin.Git("-C", _clone, "checkout", "-q", "--detach");
        File.WriteAllText(Path.Combine(_clone, "new.txt"), "new\n");
        _origin.Git("-C", _clone, "add", "-A");
        _origin.Git("-C", _clone, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "moved");
        var moved = _origin.Git("-C", _clone, "rev-parse", "HEAD");
        _origin.Git("-C", _clone, "update-ref", "refs/heads/packed-then-moved", moved);
        _origin.Git("-C", _clone, "branch", "cw/loose-after-pack", moved);

        var fromFiles = RefSnapshot.FromRefFiles(_clone);
        var fromGit = await RefSnapshot.FromGitAsync(_clone);

        Assert.NotNull(fromFiles);
        string[] names =
        [
            "main", "feature", "team/topic", "cw/init-phase-one", "packed-then-moved", "cw/nested/packed",
            "cw/loose-after-pack", "absent", "cw", "cw/nested", "../../HEAD",
        ];
        Assert.All(names, name => Assert.Equal(
            (fromGit.Local(name), fromGit.Remote(name)), (fromFiles.Local(name), fromFiles.Remote(name))));
        Assert.Equal(moved, fromFiles.Local("packed-then-moved"));
        Assert.Equal(main, fromFiles.Remote("team/topic"));
        Assert.Null(fromFiles.Local("absent"));
    }
}

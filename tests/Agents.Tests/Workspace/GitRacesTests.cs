using Codewalkers.Agents.Workspace;

namespace Codewalkers.Agents.Tests.Workspace;

/// <summary>
/// Which git refusals are races that a moment later succeed (the spawn is retried, the sync tried again) and which a
/// person must look at (the task is blocked). The messages are git's own, as the two-runner end-to-end test met them.
/// </summary>
public sealed class GitRacesTests
{
    [Theory]
    [InlineData("remote: error: cannot lock ref 'refs/heads/cw/run-phase-only': reference already exists")]
    [InlineData("error: cannot lock ref 'refs/heads/cw/p': is at ab39490 but expected c97e923")]
    [InlineData("fatal: cannot lock ref 'refs/heads/cw/p': reference already exists")]
    [InlineData("error: cannot lock ref 'refs/remotes/shared/cw/p': is at 42567d6 but expected c03d309")]
    [InlineData(" ! [rejected]        cw/p -> cw/p (fetch first)")]
    [InlineData("fatal: bad object worktrees/app-f4b2/HEAD error: /remotes/x.git did not send all necessary objects")]
    public void A_ref_moved_by_another_git_at_the_same_moment_is_a_race(string error) =>
        Assert.True(GitRaces.IsRace(error));

    [Theory]
    [InlineData("fatal: cannot lock ref 'refs/heads/cw/p': Unable to create '/r/.git/refs/heads/cw/p.lock': File exists.")]
    [InlineData("fatal: couldn't find remote ref cw/p")]
    [InlineData("error: Your local changes to the following files would be overwritten by checkout")]
    public void A_stale_lock_or_a_real_refusal_is_not(string error) => Assert.False(GitRaces.IsRace(error));
}

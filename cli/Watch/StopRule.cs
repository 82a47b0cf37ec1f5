namespace Codewalkers.Cli.Watch;

/// <summary>
/// When the watch stops, and with which exit code. The initiative's own review, completion or archiving stops it at
/// once; "nothing else can run" only once seen on <paramref name="settle"/> looks in a row, because between one task
/// finishing and the next being started (or a phase approved by you being merged) the plan looks idle for a moment.
/// </summary>
public sealed class StopRule(int settle = 2)
{
    private int _stuckSeen;

    /// <summary>Exit codes of the watch (documented in `cw initiative execute --help`).</summary>
    public static int ExitCode(WatchState state) => state switch
    {
        WatchState.InReview or WatchState.Completed or WatchState.PhaseReview => 0,
        _ => 1,
    };

    public bool ShouldStop(ExecutionProgress progress)
    {
        switch (progress.State)
        {
            case WatchState.InReview or WatchState.Completed or WatchState.Archived:
                return true;
            case WatchState.PhaseReview or WatchState.Blocked:
                return ++_stuckSeen >= settle;
            default:
                _stuckSeen = 0;
                return false;
        }
    }
}

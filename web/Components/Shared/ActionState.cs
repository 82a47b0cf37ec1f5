using Codewalkers.Web.Api;

namespace Codewalkers.Web.Components.Shared;

/// <summary>
/// One user action at a time per view: which one is running (its button says so and the others wait) and what the
/// service answered when it refused.
/// </summary>
public sealed class ActionState
{
    public string? Running { get; private set; }

    public ApiProblem? Problem { get; private set; }

    public bool Busy => Running is not null;

    public bool IsRunning(string key) => Running == key;

    /// <returns>Whether the action succeeded.</returns>
    public async Task<bool> RunAsync(string key, Func<Task> action)
    {
        if (Running is not null) return false;
        Running = key;
        Problem = null;
        try
        {
            await action();
            return true;
        }
        catch (ApiProblem problem)
        {
            Problem = problem;
            return false;
        }
        finally
        {
            Running = null;
        }
    }
}

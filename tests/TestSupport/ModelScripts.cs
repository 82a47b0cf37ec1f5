using System.Collections.Concurrent;

namespace Codewalkers.TestSupport;

/// <summary>
/// What a fake model API answers, scripted per agent: each agent is told apart by a marker in its prompt, and each of
/// its requests gets the next step of its script (a step sees the agent's working directory).
/// </summary>
/// <param name="keepEveryRequest">
/// Keep every request body of each agent, or only its first (Claude's carry a long system prompt each time: keeping them
/// all over a whole test run would hold hundreds of megabytes).
/// </param>
public sealed class ModelScripts<TReply>(bool keepEveryRequest)
{
    private readonly ConcurrentDictionary<string, Func<string, TReply>[]> _scripts = new();
    private readonly ConcurrentDictionary<string, int> _steps = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<string>> _requests = new();
    // Scripts each agent goes through from its first step: where each agent (its working directory) is in them.
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, int>> _stepsPerAgent = new();

    public void Script(string marker, Func<string, TReply>[] steps)
    {
        _scripts[marker] = steps;
        _steps[marker] = 0;
        _stepsPerAgent.TryRemove(marker, out _);
    }

    /// <summary>
    /// Like <see cref="Script"/>, but every agent with the marker (a task retried by a new agent, in a directory of
    /// its own) is served the script from its first step; <see cref="StepsServed"/> counts the steps of all of them.
    /// </summary>
    public void ScriptForEachAgent(string marker, Func<string, TReply>[] steps)
    {
        Script(marker, steps);
        _stepsPerAgent[marker] = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
    }

    public int StepsServed(string marker) => _steps.GetValueOrDefault(marker);

    /// <summary>The request bodies the agent with <paramref name="marker"/> sent, in order.</summary>
    public IReadOnlyList<string> Requests(string marker) =>
        _requests.TryGetValue(marker, out var bodies) ? [.. bodies] : [];

    /// <summary>
    /// The agent a request body belongs to. A prompt may quote other agents' markers (a task's prompt names the tasks it
    /// builds on): the agent is the one whose script still has steps to serve, and of those the longest marker.
    /// </summary>
    public string? MarkerOf(string body) => _scripts.Keys.Where(k => body.Contains(k, StringComparison.Ordinal))
        .OrderByDescending(k => _stepsPerAgent.ContainsKey(k) || _steps.GetValueOrDefault(k) < _scripts[k].Length)
        .ThenByDescending(k => k.Length)
        .FirstOrDefault();

    /// <summary>The agent's next step, or <paramref name="finished"/> once its script is served.</summary>
    public TReply Next(string marker, string body, string workdir, TReply finished)
    {
        var step = _steps.AddOrUpdate(marker, 1, (_, n) => n + 1) - 1;
        if (_stepsPerAgent.TryGetValue(marker, out var agents)) step = agents.AddOrUpdate(workdir, 1, (_, n) => n + 1) - 1;
        var requests = _requests.GetOrAdd(marker, _ => new ConcurrentQueue<string>());
        if (keepEveryRequest || requests.IsEmpty) requests.Enqueue(body);
        var script = _scripts[marker];
        return step < script.Length ? script[step](workdir) : finished;
    }
}

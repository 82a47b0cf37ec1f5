using System.Text.Json;
using Codewalkers.Cli.Core;

namespace Codewalkers.Cli.Errands;

/// <summary>
/// When `--wait` stops looking at an errand: it has left <c>active</c> and is not merging, or it is active but its
/// agent will not move it on by itself (waiting for answers, crashed, stopped, gone).
/// </summary>
/// <remarks>
/// Right after a request the errand still shows its agent as the request found it: a message sent to an agent that
/// waits for input answers "active, waiting_for_input" until the agent has taken the message up. So an agent's state
/// counts only as news: a different agent than when asked, the agent seen running since, or the errand changed at
/// least twice since (taken up and stopped again between two looks). <paramref name="asked"/> is the request's answer;
/// null (`cw errand get --wait`) takes every state as news.
/// </remarks>
public sealed class ErrandSettleRule(JsonElement? asked)
{
    private readonly string? _agentId = asked is { } a ? Json.String(a, "agentId") : null;
    private readonly long? _version = asked is { } a ? Version(a) : null;
    private bool _sawRunning;
    private long? _stoppedAtVersion;

    public bool IsSettled(JsonElement errand)
    {
        if (ErrandView.IsMerging(errand)) return false;
        if (Json.String(errand, "status") != "active") return true;
        var agentStatus = Json.String(errand, "agentStatus");
        if (agentStatus == "running") _sawRunning = true;
        if (!IsNews(errand)) return false;
        if (ErrandView.IsAgentGone(errand) || agentStatus is "waiting_for_input" or "crashed") return true;
        // A finished agent is stopped a moment before its errand turns pending_review: only a stop seen twice
        // without any change in between is an agent that will not go on.
        var stoppedBefore = _stoppedAtVersion == Version(errand);
        _stoppedAtVersion = agentStatus == "stopped" ? Version(errand) : null;
        return agentStatus == "stopped" && stoppedBefore;
    }

    private bool IsNews(JsonElement errand) =>
        asked is null || Json.String(errand, "agentId") != _agentId || _sawRunning || Version(errand) >= _version + 2;

    private static long Version(JsonElement errand) =>
        Json.Find(errand, "version") is { ValueKind: JsonValueKind.Number } version ? version.GetInt64() : 0;
}

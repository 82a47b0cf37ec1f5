using Codewalkers.Web.Api;

namespace Codewalkers.Web.Tests.Agents;

/// <summary>Agents as the Agents service answers them, with the services' 21-character ids.</summary>
internal static class AgentSamples
{
    public const string OtterId = "V1StGXR8_Z5jdHi6B-myT";
    public const string HeronId = "Uakgb_J5m9g-0JDMbcJqL";

    public static AgentSummary Agent(
        string id, string name, string status, string mode = "execute", string? initiativeId = null,
        string? taskId = null, string? errandId = null, string? prompt = null) => new(
        id, name, status, null, mode, "claude", "acct-1", taskId, null, initiativeId, errandId, null, 1, null, null,
        null, null, DateTimeOffset.Parse("2026-12-01T10:00:00Z"), DateTimeOffset.Parse("2026-12-01T10:05:00Z"), prompt,
        null);
}

namespace Codewalkers.Planning.Assignments;

/// <summary>The agent modes Planning starts: four architect modes that propose, and execute that changes code.</summary>
public static class AgentModes
{
    public const string Discuss = "discuss";
    public const string Plan = "plan";
    public const string Refine = "refine";
    public const string Detail = "detail";
    public const string Execute = "execute";

    public static readonly IReadOnlySet<string> Architect = new HashSet<string>(StringComparer.Ordinal) { Discuss, Plan, Refine, Detail };

    public static bool IsArchitect(string? mode) => mode is not null && Architect.Contains(mode);
}

namespace Codewalkers.Contracts.Planning;

public static class PlanningQueues
{
    /// <summary>The queue the Planning service receives its commands on.</summary>
    public const string Commands = "planning-commands";
}

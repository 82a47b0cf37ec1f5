using Codewalkers.Contracts.Agents;

namespace Codewalkers.Planning.Assignments;

/// <summary>
/// What an agent is handed: its prompt, the files under <c>.cw/input/</c>, and the outputs it must leave before
/// signalling done.
/// </summary>
public sealed record Assignment(string Prompt, IReadOnlyList<AgentInputFile> InputFiles,
    IReadOnlyList<string> RequiredOutputs);

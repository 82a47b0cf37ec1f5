namespace Codewalkers.Agents.Tests.Infrastructure;

/// <summary>The test classes that share one Agents service running the real Claude CLI, one class at a time.</summary>
[CollectionDefinition(nameof(ClaudeAgents))]
public sealed class ClaudeAgents : ICollectionFixture<AgentsFactory>;

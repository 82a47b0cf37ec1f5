namespace Codewalkers.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The whole system with two runners of the Agents service (<c>Agents:Replicas=2</c>: <c>agents</c> and
/// <c>agents-2</c>, one database, the shared git remote under CW_HOME): an AppHost of its own, started once for the
/// tests of its collection.
/// </summary>
public sealed class TwoRunnersApp : CodewalkersApp
{
    protected override IEnumerable<string> AppHostSettings => ["--Agents:Replicas=2"];
}

[CollectionDefinition(Name)]
public sealed class TwoRunnersAppCollection : ICollectionFixture<TwoRunnersApp>
{
    public const string Name = "Codewalkers app, two agent runners";
}

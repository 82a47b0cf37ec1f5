using Codewalkers.Planning.Execution;
using Codewalkers.Planning.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Codewalkers.Planning.Tests.Infrastructure;

/// <summary>The Planning service in memory, with its own CW_HOME and the test harness for a bus.</summary>
public class PlanningFactory() : ServiceFactory<Program, PlanningDbContext>("planning")
{
    /// <summary>Where the tests create their git repositories; removed with the factory.</summary>
    public string Scratch { get; } = Directory.CreateTempSubdirectory("cw-planning-repos-").FullName;

    /// <summary>What the Collaboration service answers when Planning reads a phase's review threads.</summary>
    public FakeReviewComments ReviewComments { get; } = new();

    /// <summary>What the Agents service answers when Planning asks what a delete would put at risk.</summary>
    public FakeUnmergedWork UnmergedWork { get; } = new();

    protected override void ConfigureTestServices(IServiceCollection services)
    {
        services.AddHttpClient<ReviewThreadsClient>().ConfigurePrimaryHttpMessageHandler(ReviewComments.Handler);
        services.AddHttpClient<WorkspaceClient>().ConfigurePrimaryHttpMessageHandler(UnmergedWork.Handler);
    }

    protected override void CleanUp() => Directory.Delete(Scratch, recursive: true);
}

/// <summary>
/// The same service as deployed without ASPNETCORE_ENVIRONMENT=Development, where bad requests are not thrown.
/// </summary>
public sealed class ProductionPlanningFactory : PlanningFactory
{
    protected override string EnvironmentName => "Production";
}

using Codewalkers.Planning.Tests.Infrastructure;

namespace Codewalkers.Planning.Tests.Functional;

/// <summary>The service's OpenAPI document names the planning endpoints and carries their summaries.</summary>
public sealed class OpenApiTests(PlanningFactory factory) : IClassFixture<PlanningFactory>
{
    [Fact]
    public async Task The_OpenAPI_document_describes_the_planning_endpoints_with_summaries()
    {
        var document = await factory.CreateAuthorizedClient().GetStringAsync("/openapi/v1.json");

        foreach (var path in new[]
        {
            "/api/initiatives/{id}/tree",
            "/api/phases/{id}/approve",
            "/api/tasks/{id}/retry",
            "/api/proposals/accept-all",
            "/api/change-sets/{id}/revert",
            "/api/pages/{id}/move",
        })
            Assert.Contains($"\"{path}\"", document);
        Assert.Contains("blocked -> pending with retryCount reset to 0.", document);
    }
}

using System.Net;
using System.Text;
using Codewalkers.Planning.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Planning.Tests.Architects;

/// <summary>
/// As deployed (not Development): unreadable bodies and query values are 400 problems that start no agent.
/// </summary>
public sealed class ArchitectsProductionTests(ProductionPlanningFactory factory)
    : IClassFixture<ProductionPlanningFactory>
{
    private readonly HttpClient _client = factory.CreateAuthorizedClient();

    [Theory]
    [InlineData("plan", "{")]
    [InlineData("discuss", """{"instructions": ["x"]}""")]
    [InlineData("refine", """{"provider": 7}""")]
    public async Task Unreadable_bodies_are_400_problems_and_start_nothing(string mode, string json)
    {
        var initiative = await _client.CreateInitiativeAsync();
        await factory.AssertNothingWrittenAsync(async () =>
            await (await _client.PostAsync(
                    $"/api/initiatives/{initiative.Id}/{mode}",
                    new StringContent(json, Encoding.UTF8, "application/json")))
                .AssertProblemAsync(HttpStatusCode.BadRequest));
        Assert.Equal(
            0, await factory.QueryAsync(db => db.Assignments.CountAsync(a => a.InitiativeId == initiative.Id)));
    }

    [Fact]
    public async Task An_unreadable_take_is_a_400_problem()
    {
        var initiative = await _client.CreateInitiativeAsync();
        await (await _client.GetAsync($"/api/initiatives/{initiative.Id}/assignments?take=many"))
            .AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_the_architect_endpoints()
    {
        var document = await _client.GetStringAsync("/openapi/v1.json");
        foreach (var path in new[]
        {
            "/api/initiatives/{id}/discuss",
            "/api/initiatives/{id}/plan",
            "/api/initiatives/{id}/refine",
            "/api/phases/{id}/detail",
            "/api/initiatives/{id}/assignments",
        })
            Assert.Contains($"\"{path}\"", document);
    }
}

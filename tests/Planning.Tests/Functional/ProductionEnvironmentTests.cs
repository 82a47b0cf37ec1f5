using System.Net;
using System.Text;
using Codewalkers.Planning.Tests.Infrastructure;

namespace Codewalkers.Planning.Tests.Functional;

/// <summary>
/// Outside Development, minimal APIs answer unreadable bodies themselves instead of throwing; the answer must still
/// be a 400 ProblemDetails.
/// </summary>
public sealed class ProductionEnvironmentTests(ProductionPlanningFactory factory)
    : IClassFixture<ProductionPlanningFactory>
{
    private readonly HttpClient _client = factory.CreateAuthorizedClient();

    [Theory]
    [InlineData("{")]
    [InlineData("{\"name\": 5, \"url\": \"https://github.com/x/y.git\"}")]
    [InlineData("")]
    public async Task Malformed_json_is_a_400_problem(string json) =>
        await factory.AssertNothingWrittenAsync(async () =>
            await (await _client.PostAsync("/api/projects", new StringContent(json, Encoding.UTF8, "application/json")))
                .AssertProblemAsync(HttpStatusCode.BadRequest));

    [Fact]
    public async Task An_invalid_field_is_400_naming_it() =>
        await factory.AssertNothingWrittenAsync(async () =>
            await (await _client.PostProjectAsync(new { name = "bad name", url = "https://github.com/x/y.git" }))
                .AssertValidationProblemAsync("name"));

    [Fact]
    public async Task An_unknown_project_id_is_a_404_problem() =>
        await (await _client.GetAsync("/api/projects/unknown")).AssertProblemAsync(HttpStatusCode.NotFound);
}

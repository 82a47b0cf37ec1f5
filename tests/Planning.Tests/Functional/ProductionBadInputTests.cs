using System.Net;
using System.Text;
using Codewalkers.Planning.Tests.Infrastructure;

namespace Codewalkers.Planning.Tests.Functional;

/// <summary>
/// As deployed (not Development), unreadable bodies and query values on the planning endpoints are still 400 problems.
/// </summary>
public sealed class ProductionBadInputTests(ProductionPlanningFactory factory)
    : IClassFixture<ProductionPlanningFactory>
{
    private readonly HttpClient _client = factory.CreateAuthorizedClient();

    [Theory]
    [InlineData("/api/initiatives", "{")]
    [InlineData("/api/initiatives", """{"name": ["x"]}""")]
    [InlineData("/api/phases", """{"initiativeId": 1, "name": "x"}""")]
    [InlineData("/api/tasks", """{"name": "x", "order": "first"}""")]
    [InlineData("/api/pages", "")]
    [InlineData("/api/proposals", """{"sortOrder": 1.5}""")]
    [InlineData("/api/phases", """{"initiativeId": "x", "name": "p", "content": {"type": "doc", "text": "\ud800"}}""")]
    public async Task Unreadable_bodies_are_400_problems(string url, string json) =>
        await factory.AssertNothingWrittenAsync(async () =>
            await (await _client.PostAsync(url, new StringContent(json, Encoding.UTF8, "application/json")))
                .AssertProblemAsync(HttpStatusCode.BadRequest));

    /// <summary>Found by scripts/prove.sh security: an unknown charset was a 500 on every JSON endpoint.</summary>
    [Theory]
    [InlineData("bogus-charset")]
    [InlineData("\"x-unknown\"")]
    public async Task A_body_in_an_unknown_charset_is_a_415_problem(string charset) =>
        await factory.AssertNothingWrittenAsync(async () =>
        {
            var content = new ByteArrayContent(Encoding.UTF8.GetBytes("""{"name": "x"}"""));
            content.Headers.TryAddWithoutValidation("Content-Type", $"application/json; charset={charset}");
            await (await _client.PostAsync("/api/initiatives", content))
                .AssertProblemAsync(HttpStatusCode.UnsupportedMediaType);
        });

    [Theory]
    [InlineData("/api/tasks?take=many")]
    [InlineData("/api/phases?skip=1e3")]
    public async Task Unreadable_query_values_are_400_problems(string url) =>
        await (await _client.GetAsync(url)).AssertProblemAsync(HttpStatusCode.BadRequest);
}

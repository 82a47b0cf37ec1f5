using System.Net;
using System.Net.Http.Json;
using Codewalkers.Planning.Tests.Infrastructure;

namespace Codewalkers.Planning.Tests.Functional;

/// <summary>Dependencies added from both sides at the same moment: the cycle check holds under concurrency.</summary>
public sealed class ConcurrentDependencyTests(PlanningFactory factory) : IClassFixture<PlanningFactory>
{
    private readonly HttpClient _client = factory.CreateAuthorizedClient();

    [Fact]
    public async Task Opposite_dependencies_added_at_the_same_moment_never_both_succeed()
    {
        var phase = await _client.CreatePhaseAsync((await _client.CreateInitiativeAsync()).Id);
        for (var round = 0; round < 10; round++)
        {
            var a = await _client.CreateTaskAsync(phase.Id, $"A{round}");
            var b = await _client.CreateTaskAsync(phase.Id, $"B{round}");

            var responses = await Task.WhenAll(
                _client.PostAsJsonAsync($"/api/tasks/{a.Id}/dependencies", new { dependsOn = new[] { b.Id } }),
                _client.PostAsJsonAsync($"/api/tasks/{b.Id}/dependencies", new { dependsOn = new[] { a.Id } }));

            Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], responses.Select(r => r.StatusCode).Order());
        }
    }
}

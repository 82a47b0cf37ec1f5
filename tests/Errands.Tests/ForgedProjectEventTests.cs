using System.Net.Http.Json;
using Codewalkers.Contracts.Projects;
using Codewalkers.Errands.Tests.Infrastructure;
using Codewalkers.ServiceDefaults;
using MassTransit;
using static Codewalkers.Errands.Apis.ProjectsApi;

namespace Codewalkers.Errands.Tests;

/// <summary>
/// Anyone who can reach the broker can publish a project event, so Errands checks what it receives: one that breaks
/// the project rules is ignored (consumed without a fault, applied nowhere) and logged by the fields that failed,
/// never with their values.
/// </summary>
public sealed class ForgedProjectEventTests(ErrandsFactory factory) : IClassFixture<ErrandsFactory>
{
    private const string Secret = "s3cret-in-the-url";
    private readonly HttpClient _client = factory.CreateAuthorizedClient();

    public static TheoryData<string, string, string, string> Forgeries() => new()
    {
        { Ids.New(), "forged-metadata", $"http://user:{Secret}@169.254.169.254/latest/meta-data", "main" },
        { Ids.New(), "forged-file", "file:///etc", "main" },
        { Ids.New(), "forged-relative", "relative/path", "main" },
        { Ids.New(), "forged-branch", "https://github.com/x/y.git", "--upload-pack=touch /tmp/pwned" },
        { Ids.New(), "../forged-name", "https://github.com/x/y.git", "main" },
        { "not-an-id/../..", "forged-id", "https://github.com/x/y.git", "main" },
    };

    [Theory]
    [MemberData(nameof(Forgeries))]
    public async Task A_registration_that_breaks_the_project_rules_is_ignored_without_a_fault(
        string id, string name, string url, string branch)
    {
        await factory.DeliverAsync(
            new ProjectRegistered(id, name, url, branch, 1, DateTimeOffset.UtcNow), NewId.NextGuid());

        var projects = await _client.GetFromJsonAsync<ProjectViewResponse[]>("/api/errands/projects");
        Assert.DoesNotContain(projects!, p => p.Id == id || p.Name == name);
        Assert.Contains(factory.Logs.Messages, m => m.Contains("Ignored ProjectRegistered", StringComparison.Ordinal));
        Assert.DoesNotContain(factory.Logs.Messages, m => m.Contains(Secret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_update_that_breaks_the_rules_leaves_the_project_as_it_was()
    {
        var id = Ids.New();
        var registered = new ProjectRegistered(
            id, $"real-{id[..6]}", "https://github.com/team/real.git", "main", 1, DateTimeOffset.UtcNow);
        await factory.DeliverAsync(registered, NewId.NextGuid());

        await factory.DeliverAsync(
            new ProjectUpdated(id, registered.Name, "http://169.254.169.254/x.git", "main", 2, DateTimeOffset.UtcNow),
            NewId.NextGuid());

        var projects = await _client.GetFromJsonAsync<ProjectViewResponse[]>("/api/errands/projects");
        Assert.Equal(registered.Url, Assert.Single(projects!, p => p.Id == id).Url);
    }
}

using Codewalkers.Agents.Tests.Infrastructure;
using Codewalkers.Contracts.Projects;
using Codewalkers.ServiceDefaults;
using Codewalkers.TestSupport;
using MassTransit.Testing;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Agents.Tests.Functional;

/// <summary>
/// Anyone who can reach the broker can publish a project event, and a project's url and branch reach git: the Agents
/// service ignores one that breaks the project rules (consumed without a fault, no project, nothing cloned).
/// </summary>
public sealed class ForgedProjectEventTests(AgentsFactory factory) : IClassFixture<AgentsFactory>
{
    public static TheoryData<string, string, string, string> Forgeries() => new()
    {
        { Ids.New(), "forged-metadata", "http://169.254.169.254/latest/meta-data", "main" },
        { Ids.New(), "forged-gce", "http://metadata.google.internal/computeMetadata/v1/", "main" },
        { Ids.New(), "forged-file", "file:///etc", "main" },
        { Ids.New(), "forged-option", "--upload-pack=touch /tmp/pwned", "main" },
        { Ids.New(), "forged-branch", "https://github.com/x/y.git", "--upload-pack=touch /tmp/pwned" },
        { Ids.New(), "../../forged-name", "https://github.com/x/y.git", "main" },
        { "../../../etc", "forged-id", "https://github.com/x/y.git", "main" },
    };

    [Theory]
    [MemberData(nameof(Forgeries))]
    public async Task A_registration_that_breaks_the_project_rules_is_ignored_without_a_fault(
        string id, string name, string url, string branch)
    {
        await factory.Harness.Bus.Publish(new ProjectRegistered(id, name, url, branch, 1, DateTimeOffset.UtcNow));

        var consumed = await ConsumedAsync<ProjectRegistered>(m => m.ProjectId == id);
        Assert.Null(consumed.Exception);
        Assert.False(await factory.QueryAsync(db => db.Projects.AnyAsync(p => p.Id == id || p.Name == name)));
        Assert.False(Directory.Exists(Path.Combine(factory.Home, "workspace", "repos", name)));
    }

    [Fact]
    public async Task An_update_that_breaks_the_rules_leaves_the_project_as_it_was()
    {
        using var origin = new GitRepository();
        var project = await factory.RegisterProjectAsync(origin.Path, "kept");

        await factory.Harness.Bus.Publish(
            new ProjectUpdated(project.Id, project.Name, "http://[fe80::1]/x.git", "main", 2, DateTimeOffset.UtcNow));

        Assert.Null((await ConsumedAsync<ProjectUpdated>(m => m.ProjectId == project.Id)).Exception);
        var kept = await factory.QueryAsync(db => db.Projects.AsNoTracking().SingleAsync(p => p.Id == project.Id));
        Assert.Equal((origin.Path, 1L), (kept.Url, kept.Version));
    }

    /// <summary>The harness's record of the consumption, once the consumer has finished with the message.</summary>
    private Task<IReceivedMessage<T>> ConsumedAsync<T>(Func<T, bool> match) where T : class =>
        Eventually.ValueAsync(
            () => Task.FromResult(factory.Harness.Consumed.Select<T>(m => match(m.Context.Message)).FirstOrDefault()!),
            found => found is not null, $"{typeof(T).Name} consumed");
}

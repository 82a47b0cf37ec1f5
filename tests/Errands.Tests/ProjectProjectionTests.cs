using System.Net;
using System.Net.Http.Json;
using Codewalkers.Contracts.Projects;
using Codewalkers.Errands.Consumers;
using Codewalkers.Errands.Tests.Infrastructure;
using Codewalkers.Messaging.Inbox;
using Codewalkers.ServiceDefaults;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Codewalkers.Errands.Apis.ProjectsApi;

namespace Codewalkers.Errands.Tests;

/// <summary>Errands' read model of Planning's projects, fed by ProjectRegistered through the inbox.</summary>
public sealed class ProjectProjectionTests(ErrandsFactory factory) : IClassFixture<ErrandsFactory>
{
    private readonly HttpClient _client = factory.CreateAuthorizedClient();

    [Fact]
    public void The_in_memory_test_harness_replaced_the_RabbitMQ_bus()
    {
        Assert.Equal("loopback", factory.Services.GetRequiredService<IBus>().Address.Scheme);
        Assert.Single(factory.Services.GetServices<IBusControl>());
    }

    [Fact]
    public async Task A_registered_project_appears_in_the_errands_project_list()
    {
        var registered = Registered(version: 1, name: "alpha");

        await factory.DeliverAsync(registered, NewId.NextGuid());

        var view = await ViewAsync(registered.ProjectId);
        Assert.Equal(
            new ProjectViewResponse(registered.ProjectId, registered.Name, registered.Url, registered.DefaultBranch),
            view);
    }

    [Fact]
    public async Task The_same_message_id_delivered_twice_is_applied_once()
    {
        var messageId = NewId.NextGuid();
        var first = Registered(version: 1, name: "first");
        // A redelivery carries the same body; a different one here shows the second delivery had no effect at all.
        var redelivered = first with { Name = "second", Version = 2 };

        await factory.DeliverAsync(first, messageId);
        await factory.DeliverAsync(redelivered, messageId);

        Assert.Equal(2, factory.Consumed.Finished(messageId));
        Assert.Equal(
            new ProjectViewResponse(first.ProjectId, first.Name, first.Url, first.DefaultBranch),
            await ViewAsync(first.ProjectId));
        Assert.Equal(1, await VersionAsync(first.ProjectId));
        Assert.Equal(1, await factory.QueryAsync(db => db.Projects.CountAsync(p => p.Id == first.ProjectId)));
        var inbox = await factory.QueryAsync(
            db => db.Set<InboxMessage>().Where(m => m.MessageId == messageId).ToListAsync());
        Assert.Equal(typeof(ProjectRegisteredConsumer).FullName, Assert.Single(inbox).Consumer);
    }

    [Fact]
    public async Task An_older_version_after_a_newer_one_does_not_move_the_projection_back()
    {
        var newer = Registered(version: 2, name: "newer");
        var older = newer with
        {
            Name = "older",
            Url = "https://github.com/old/old.git",
            DefaultBranch = "old",
            Version = 1,
        };

        await factory.DeliverAsync(newer, NewId.NextGuid());
        await factory.DeliverAsync(older, NewId.NextGuid());

        Assert.Equal(
            new ProjectViewResponse(newer.ProjectId, newer.Name, newer.Url, newer.DefaultBranch),
            await ViewAsync(newer.ProjectId));
        Assert.Equal(2, await VersionAsync(newer.ProjectId));
    }

    [Fact]
    public async Task A_newer_version_moves_the_projection_forward()
    {
        var older = Registered(version: 1, name: "before");
        var newer = older with { Name = "after", DefaultBranch = "develop", Version = 2 };

        await factory.DeliverAsync(older, NewId.NextGuid());
        await factory.DeliverAsync(newer, NewId.NextGuid());

        Assert.Equal(
            new ProjectViewResponse(newer.ProjectId, "after", newer.Url, "develop"),
            await ViewAsync(newer.ProjectId));
        Assert.Equal(2, await VersionAsync(newer.ProjectId));
    }

    [Fact]
    public async Task A_repeated_event_with_the_same_data_is_idempotent()
    {
        var registered = Registered(version: 1, name: "repeated");
        var (firstId, secondId) = (NewId.NextGuid(), NewId.NextGuid());

        await factory.DeliverAsync(registered, firstId);
        await factory.DeliverAsync(registered, secondId);

        var views = await factory.QueryAsync(
            db => db.Projects.AsNoTracking().Where(p => p.Id == registered.ProjectId).ToListAsync());
        var view = Assert.Single(views);
        Assert.Equal(
            (registered.Name, registered.Url, registered.DefaultBranch, 1L),
            (view.Name, view.Url, view.DefaultBranch, view.Version));
        Assert.Single(
            await _client.GetFromJsonAsync<ProjectViewResponse[]>("/api/errands/projects") ?? [],
            p => p.Id == registered.ProjectId);
        // Only the first delivery changed anything, so only it is recorded:
        // the second, applied again, changes nothing again.
        Assert.Equal([firstId], await factory.QueryAsync(db => db.Set<InboxMessage>()
            .Where(m => m.MessageId == firstId || m.MessageId == secondId).Select(m => m.MessageId).ToListAsync()));
    }

    [Fact]
    public async Task A_project_update_renames_it_in_the_list()
    {
        var registered = Registered(version: 1, name: "renamed");

        await factory.DeliverAsync(registered, NewId.NextGuid());
        await factory.DeliverAsync(
            new ProjectUpdated(registered.ProjectId, "renamed-now", registered.Url, "trunk", 2, DateTimeOffset.UtcNow),
            NewId.NextGuid());

        Assert.Equal(
            new ProjectViewResponse(registered.ProjectId, "renamed-now", registered.Url, "trunk"),
            await ViewAsync(registered.ProjectId));
    }

    [Fact]
    public async Task A_deleted_project_leaves_the_list()
    {
        var registered = Registered(version: 1, name: "deleted");

        await factory.DeliverAsync(registered, NewId.NextGuid());
        await factory.DeliverAsync(
            new ProjectDeleted(registered.ProjectId, 2, DateTimeOffset.UtcNow), NewId.NextGuid());

        var projects = await _client.GetFromJsonAsync<ProjectViewResponse[]>("/api/errands/projects");
        Assert.DoesNotContain(projects!, p => p.Id == registered.ProjectId);
    }

    [Fact]
    public async Task A_registration_arriving_after_the_deletion_does_not_resurrect_the_project()
    {
        var registered = Registered(version: 1, name: "late");

        await factory.DeliverAsync(
            new ProjectDeleted(registered.ProjectId, 2, DateTimeOffset.UtcNow), NewId.NextGuid());
        await factory.DeliverAsync(registered, NewId.NextGuid());

        var projects = await _client.GetFromJsonAsync<ProjectViewResponse[]>("/api/errands/projects");
        Assert.DoesNotContain(projects!, p => p.Id == registered.ProjectId);
    }

    [Fact]
    public async Task The_project_list_requires_the_token()
    {
        var response = await factory.CreateClient().GetAsync("/api/errands/projects");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private async Task<ProjectViewResponse> ViewAsync(string projectId)
    {
        var projects = await _client.GetFromJsonAsync<ProjectViewResponse[]>("/api/errands/projects");
        return Assert.Single(projects!, p => p.Id == projectId);
    }

    private Task<long> VersionAsync(string projectId) =>
        factory.QueryAsync(db => db.Projects.Where(p => p.Id == projectId).Select(p => p.Version).SingleAsync());

    private static ProjectRegistered Registered(long version, string name)
    {
        var id = Ids.New();
        return new ProjectRegistered(
            id,
            $"{name}-{id[..6]}",
            $"https://github.com/codewalkers/{id}.git",
            "main",
            version,
            DateTimeOffset.UtcNow);
    }
}

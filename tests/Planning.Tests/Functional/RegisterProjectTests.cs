using System.Net;
using System.Net.Http.Json;
using Codewalkers.Contracts.Projects;
using Codewalkers.Messaging.Outbox;
using Codewalkers.Planning.Tests.Infrastructure;
using Codewalkers.ServiceDefaults;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using static Codewalkers.Planning.Apis.ProjectsApi;

namespace Codewalkers.Planning.Tests.Functional;

public sealed class RegisterProjectTests(PlanningFactory factory) : IClassFixture<PlanningFactory>
{
    private readonly HttpClient _client = factory.CreateAuthorizedClient();

    [Fact]
    public void The_in_memory_test_harness_replaced_the_RabbitMQ_bus()
    {
        var bus = factory.Services.GetRequiredService<IBus>();
        Assert.Equal("loopback", bus.Address.Scheme);
        Assert.Single(factory.Services.GetServices<IBusControl>());
        Assert.Single(
            factory.Services.GetServices<IHostedService>(),
            s => s.GetType().Namespace?.StartsWith("MassTransit", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task Registering_a_local_repository_answers_201_with_an_id_and_the_full_path()
    {
        var repo = GitRepository.In(factory.Scratch).Path;

        var response = await _client.PostProjectAsync(new { name = Name(), url = repo, defaultBranch = "main" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var project = (await response.Content.ReadFromJsonAsync<ProjectResponse>())!;
        Assert.True(Ids.IsValid(project.Id), $"'{project.Id}' is not a 21-character id");
        Assert.Equal(repo, project.Url);
        Assert.True(Path.IsPathFullyQualified(project.Url));
        Assert.Equal("main", project.DefaultBranch);
        Assert.Equal($"/api/projects/{project.Id}", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task A_registered_project_is_listed_and_found_by_id()
    {
        var name = Name();
        var created = await RegisterAsync(name, GitRepository.In(factory.Scratch).Path);

        var listed = await _client.GetFromJsonAsync<ProjectResponse[]>("/api/projects");
        AssertSameProject(created, Assert.Single(listed!, p => p.Id == created.Id));

        var fetched = await _client.GetFromJsonAsync<ProjectResponse>($"/api/projects/{created.Id}");
        AssertSameProject(created, fetched!);
        Assert.Equal(name, fetched!.Name);
    }

    [Fact]
    public async Task The_201_body_is_exactly_what_GET_answers_later()
    {
        var created = await RegisterAsync(Name(), GitRepository.In(factory.Scratch).Path);

        Assert.Equal(created, await _client.GetFromJsonAsync<ProjectResponse>($"/api/projects/{created.Id}"));
    }

    [Fact]
    public async Task Registering_publishes_ProjectRegistered_through_the_outbox_and_marks_the_row_sent()
    {
        var name = Name();
        var repo = GitRepository.In(factory.Scratch).Path;
        var project = await RegisterAsync(name, repo);

        var row = await factory.QueryAsync(
            db => db.Set<OutboxMessage>().AsNoTracking().SingleAsync(m => m.Body.Contains(project.Id)));
        Assert.StartsWith(typeof(ProjectRegistered).FullName!, row.MessageType);
        Assert.Null(row.Destination);

        await Eventually.TrueAsync(
            () => Task.FromResult(factory.Harness.Published
                .Select<ProjectRegistered>(m => m.Context.Message.ProjectId == project.Id)
                .Any()),
            $"ProjectRegistered for {project.Id} published");
        var published = factory.Harness.Published
            .Select<ProjectRegistered>(m => m.Context.Message.ProjectId == project.Id)
            .Single();
        Assert.Equal(row.MessageId, published.Context.MessageId);
        var message = published.Context.Message;
        Assert.Equal(name, message.Name);
        Assert.Equal(repo, message.Url);
        Assert.Equal("main", message.DefaultBranch);
        Assert.Equal(1, message.Version);

        await Eventually.TrueAsync(
            () => factory.QueryAsync(db => db.Set<OutboxMessage>()
                .AnyAsync(m => m.MessageId == row.MessageId && m.SentAt != null)),
            $"outbox row {row.MessageId} marked sent");
    }

    [Fact]
    public async Task A_local_path_is_stored_in_its_canonical_form()
    {
        var repo = GitRepository.In(factory.Scratch).Path;
        var spelled = $"{factory.Scratch}/./{Path.GetFileName(repo)}/";

        var project = await RegisterAsync(Name(), spelled);

        Assert.Equal(repo, project.Url);
    }

    [Fact]
    public async Task The_default_branch_defaults_to_main()
    {
        var response = await _client.PostProjectAsync(
            new { name = Name(), url = GitRepository.In(factory.Scratch).Path });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("main", (await response.Content.ReadFromJsonAsync<ProjectResponse>())!.DefaultBranch);
    }

    [Fact]
    public async Task A_local_repository_with_another_default_branch_is_accepted()
    {
        var response = await _client.PostProjectAsync(
            new { name = Name(), url = GitRepository.In(factory.Scratch, "trunk").Path, defaultBranch = "trunk" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Theory]
    [InlineData("https://github.com/x/y.git")]
    [InlineData("git@github.com:x/y.git")]
    [InlineData("ssh://git@example.com/team/repo.git")]
    public async Task A_remote_git_url_is_accepted_as_given(string url)
    {
        var project = await RegisterAsync(Name(), url);

        Assert.Equal(url, project.Url);
    }

    [Fact]
    public async Task A_duplicate_name_is_409()
    {
        var name = Name();
        await RegisterAsync(name, GitRepository.In(factory.Scratch).Path);
        var otherRepo = GitRepository.In(factory.Scratch).Path;

        await factory.AssertNothingWrittenAsync(async () =>
        {
            var response = await _client.PostProjectAsync(new { name, url = otherRepo });
            var problem = await response.AssertProblemAsync(HttpStatusCode.Conflict);
            Assert.Contains(name, problem.GetProperty("detail").GetString());
        });
    }

    [Theory]
    [InlineData("")]
    [InlineData("/")]
    [InlineData("/./")]
    [InlineData("/../{0}")]
    public async Task A_duplicate_url_is_409_however_the_path_is_spelled(string suffix)
    {
        var repo = GitRepository.In(factory.Scratch).Path;
        await RegisterAsync(Name(), repo);
        var spelled = repo
            + string.Format(System.Globalization.CultureInfo.InvariantCulture, suffix, Path.GetFileName(repo));

        await factory.AssertNothingWrittenAsync(async () =>
        {
            var response = await _client.PostProjectAsync(new { name = Name(), url = spelled });
            var problem = await response.AssertProblemAsync(HttpStatusCode.Conflict);
            Assert.Contains(repo, problem.GetProperty("detail").GetString());
        });
    }

    [Fact]
    public async Task A_duplicate_remote_url_is_409()
    {
        const string url = "https://example.com/team/duplicate.git";
        await RegisterAsync(Name(), url);

        await factory.AssertNothingWrittenAsync(async () =>
            await (await _client.PostProjectAsync(new { name = Name(), url }))
                .AssertProblemAsync(HttpStatusCode.Conflict));
    }

    [Fact]
    public async Task Concurrent_registrations_of_one_url_answer_one_201_and_409s_never_a_500()
    {
        const int Concurrent = 30;
        var url = $"https://github.com/codewalkers/race-{Guid.NewGuid():N}.git";

        var responses = await Task.WhenAll(
            Enumerable.Range(0, Concurrent).Select(_ => _client.PostProjectAsync(new { name = Name(), url })));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.All(
            responses.Where(r => r.StatusCode != HttpStatusCode.Created),
            r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
    }

    private async Task<ProjectResponse> RegisterAsync(string name, string url)
    {
        var response = await _client.PostProjectAsync(new { name, url });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<ProjectResponse>())!;
    }

    /// <summary>
    /// Equal but for timestamps, which storage keeps to the millisecond (see the skipped test above).
    /// </summary>
    private static void AssertSameProject(ProjectResponse expected, ProjectResponse actual)
    {
        Assert.Equal(
            expected with { CreatedAt = default, UpdatedAt = default },
            actual with { CreatedAt = default, UpdatedAt = default });
        Assert.Equal(expected.CreatedAt, actual.CreatedAt, TimeSpan.FromMilliseconds(1));
        Assert.Equal(expected.UpdatedAt, actual.UpdatedAt, TimeSpan.FromMilliseconds(1));
    }

    private static string Name() => $"p-{Guid.NewGuid():N}"[..20];
}

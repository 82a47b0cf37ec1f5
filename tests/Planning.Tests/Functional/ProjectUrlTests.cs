using System.Net;
using Codewalkers.Planning.Tests.Infrastructure;
using static Codewalkers.Planning.Apis.ProjectsApi;

namespace Codewalkers.Planning.Tests.Functional;

/// <summary>
/// A project url is a git URL to an ordinary host or a local repository directory, nothing else: file URLs to plain
/// directories, link-local addresses and cloud metadata services are a 400 naming url, and nothing is stored.
/// </summary>
public sealed class ProjectUrlTests(PlanningFactory factory) : IClassFixture<PlanningFactory>
{
    private readonly HttpClient _client = factory.CreateAuthorizedClient();

    [Theory]
    [InlineData("file:///etc")]
    [InlineData("file:///")]
    [InlineData("file:///tmp")]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("https://169.254.169.254/repo.git")]
    [InlineData("http://2852039166/repo.git")]
    [InlineData("http://[fe80::1]/repo.git")]
    [InlineData("http://[::ffff:169.254.169.254]/repo.git")]
    [InlineData("http://metadata.google.internal/computeMetadata/v1/")]
    [InlineData("http://METADATA.google.internal./x.git")]
    [InlineData("http://100.100.100.200/latest/meta-data")]
    [InlineData("ssh://git@169.254.10.1/repo.git")]
    [InlineData("git@169.254.169.254:team/repo.git")]
    [InlineData("ftp://example.com/repo.git")]
    [InlineData("gopher://example.com/repo")]
    [InlineData("ext::sh -c touch% /tmp/pwned")]
    public async Task A_url_that_is_neither_a_git_url_to_an_ordinary_host_nor_a_local_repository_is_400_naming_url(
        string url) =>
        await factory.AssertNothingWrittenAsync(async () =>
            await (await _client.PostProjectAsync(new { name = $"u{Guid.NewGuid():N}"[..12], url }))
                .AssertValidationProblemAsync("url"));

    [Fact]
    public async Task A_file_url_to_a_local_repository_is_registered_as_its_path()
    {
        var repo = GitRepository.In(factory.Scratch).Path;

        var project = await _client.PostOkAsync<ProjectResponse>(
            "/api/projects",
            new { name = $"f{Guid.NewGuid():N}"[..12], url = new Uri(repo).AbsoluteUri },
            HttpStatusCode.Created);

        Assert.Equal(repo, project.Url);
    }

    [Theory]
    [InlineData("https://github.com/team/repo.git")]
    [InlineData("http://git.internal.example/team/repo.git")]
    [InlineData("ssh://git@10.0.0.5/team/repo.git")]
    [InlineData("git://example.com/repo.git")]
    [InlineData("git@github.com:team/repo.git")]
    public async Task Git_urls_to_ordinary_hosts_are_still_accepted(string url)
    {
        var project = await _client.PostOkAsync<ProjectResponse>(
            "/api/projects", new { name = $"g{Guid.NewGuid():N}"[..12], url }, HttpStatusCode.Created);

        Assert.Equal(url, project.Url);
    }
}

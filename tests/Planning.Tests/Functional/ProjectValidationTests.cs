using System.Net;
using System.Text;
using Codewalkers.Planning.Tests.Infrastructure;

namespace Codewalkers.Planning.Tests.Functional;

/// <summary>Bad input is a 400 ProblemDetails naming what is wrong, never a 500, and writes nothing.</summary>
public sealed class ProjectValidationTests(PlanningFactory factory) : IClassFixture<PlanningFactory>
{
    private const string RemoteUrl = "https://github.com/codewalkers/validation.git";
    private readonly HttpClient _client = factory.CreateAuthorizedClient();

    [Fact]
    public async Task A_path_that_is_not_a_git_repository_is_400_naming_url()
    {
        var plainDirectory = Directory.CreateDirectory(
            Path.Combine(factory.Scratch, $"plain-{Guid.NewGuid():N}")).FullName;

        await AssertRefusedAsync(new { name = "plain", url = plainDirectory }, "url");
    }

    [Fact]
    public async Task A_path_that_does_not_exist_is_400_naming_url() =>
        await AssertRefusedAsync(new { name = "missing", url = Path.Combine(factory.Scratch, "no-such-dir") }, "url");

    [Theory]
    [InlineData("relative/repo")]
    [InlineData("./repo")]
    [InlineData("~/repo")]
    [InlineData("repo")]
    public async Task A_relative_path_is_400_naming_url(string url) =>
        await AssertRefusedAsync(new { name = "relative", url }, "url");

    [Fact]
    public async Task A_default_branch_missing_from_the_local_repository_is_400_naming_defaultBranch()
    {
        var repo = GitRepository.In(factory.Scratch, "main").Path;

        await AssertRefusedAsync(new { name = "nobranch", url = repo, defaultBranch = "develop" }, "defaultBranch");
    }

    [Fact]
    public async Task A_subdirectory_of_a_repository_is_400_naming_url()
    {
        var subdirectory = Directory.CreateDirectory(
            Path.Combine(GitRepository.In(factory.Scratch).Path, "src")).FullName;

        await AssertRefusedAsync(new { name = "subdirectory", url = subdirectory }, "url");
    }

    [Fact]
    public async Task A_url_with_a_control_character_is_400_naming_url() =>
        await AssertRefusedAsync(new { name = "nul", url = "/tmp/\0repo" }, "url");

    [Fact]
    public async Task A_url_that_git_would_read_as_an_option_is_400_naming_url() =>
        await AssertRefusedAsync(new { name = "dash", url = "-u@h:x" }, "url");

    public static TheoryData<string, object> InvalidFields() => new()
    {
        { "name", new { url = RemoteUrl } },
        { "name", new { name = "", url = RemoteUrl } },
        { "name", new { name = "   ", url = RemoteUrl } },
        { "name", new { name = "has space", url = RemoteUrl } },
        { "name", new { name = "semi;colon", url = RemoteUrl } },
        { "name", new { name = "-leading-dash", url = RemoteUrl } },
        { "name", new { name = "../escape", url = RemoteUrl } },
        { "name", new { name = new string('a', 101), url = RemoteUrl } },
        { "url", new { name = "nourl" } },
        { "url", new { name = "longurl", url = "https://example.com/" + new string('a', 2000) } },
        { "defaultBranch", new { name = "dots", url = RemoteUrl, defaultBranch = "a..b" } },
        { "defaultBranch", new { name = "lock", url = RemoteUrl, defaultBranch = "topic.lock" } },
        { "defaultBranch", new { name = "space", url = RemoteUrl, defaultBranch = "has space" } },
        { "defaultBranch", new { name = "dash", url = RemoteUrl, defaultBranch = "-x" } },
        { "defaultBranch", new { name = "reflog", url = RemoteUrl, defaultBranch = "a@{1}" } },
        { "defaultBranch", new { name = "longbranch", url = RemoteUrl, defaultBranch = new string('b', 201) } },
    };

    [Theory]
    [MemberData(nameof(InvalidFields))]
    public async Task An_invalid_field_is_400_naming_the_field(string field, object body) =>
        await AssertRefusedAsync(body, field);

    [Fact]
    public async Task A_name_of_exactly_100_characters_is_accepted()
    {
        var name = new string('n', 100);
        var response = await _client.PostProjectAsync(new { name, url = "https://github.com/codewalkers/hundred.git" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task Every_invalid_field_is_named_at_once()
    {
        await factory.AssertNothingWrittenAsync(async () =>
        {
            var response = await _client.PostProjectAsync(new { name = "bad name", defaultBranch = "a..b" });
            var problem = await response.AssertValidationProblemAsync("name");
            var errors = problem.GetProperty("errors");
            Assert.True(errors.TryGetProperty("url", out _), errors.ToString());
            Assert.True(errors.TryGetProperty("defaultBranch", out _), errors.ToString());
        });
    }

    public static TheoryData<string> MalformedBodies() =>
    [
        "",
        "{",
        "{\"name\": \"x\",",
        "not json",
        "{\"name\": 5, \"url\": \"https://github.com/x/y.git\"}",
        "{\"name\": \"typed\", \"url\": [\"https://github.com/x/y.git\"]}",
        "{\"name\": \"typed\", \"url\": \"https://github.com/x/y.git\", \"defaultBranch\": {}}",
        "{\"name\": true, \"url\": \"https://github.com/x/y.git\"}",
        "[]",
        "\"a string\"",
        "42",
        "null",
    ];

    [Theory]
    [MemberData(nameof(MalformedBodies))]
    public async Task Malformed_or_mistyped_json_is_a_400_problem(string json) =>
        await factory.AssertNothingWrittenAsync(async () =>
            await (await PostRawAsync(json, "application/json")).AssertProblemAsync(HttpStatusCode.BadRequest));

    [Fact]
    public async Task A_body_that_is_not_json_is_a_415_problem() =>
        await factory.AssertNothingWrittenAsync(async () =>
            await (await PostRawAsync("name=x&url=y", "application/x-www-form-urlencoded"))
                .AssertProblemAsync(HttpStatusCode.UnsupportedMediaType));

    private Task<HttpResponseMessage> PostRawAsync(string body, string mediaType) =>
        _client.PostAsync("/api/projects", new StringContent(body, Encoding.UTF8, mediaType));

    private Task AssertRefusedAsync(object body, string field) =>
        factory.AssertNothingWrittenAsync(async () =>
            await (await _client.PostProjectAsync(body)).AssertValidationProblemAsync(field));
}

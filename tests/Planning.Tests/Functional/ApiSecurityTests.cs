using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Codewalkers.Planning.Tests.Infrastructure;
using Codewalkers.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Planning.Tests.Functional;

public sealed class ApiSecurityTests(PlanningFactory factory) : IClassFixture<PlanningFactory>
{
    private static readonly object ValidBody =
        new { name = "secured", url = "https://github.com/codewalkers/secured.git" };

    [Fact]
    public void The_service_keeps_a_private_token_under_CW_HOME()
    {
        var token = Path.Combine(factory.Home, "token");
        Assert.True(factory.Token.Length >= 32);
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(token));
    }

    /// <summary>
    /// SQLite: the state is a file under CW_HOME that only its owner can read (it holds the service's state). PostgreSQL
    /// has no file of the service's: the state is in the database its connection string names, migrated there, and
    /// nothing is left under CW_HOME/data that a second, stale copy of the state could hide in.
    /// </summary>
    [Fact]
    public async Task The_service_keeps_its_state_in_its_own_private_database()
    {
        _ = factory.Server;
        var file = Path.Combine(factory.Home, "data", "planning.db");
        if (TestPostgres.Enabled)
        {
            Assert.False(File.Exists(file), "under PostgreSQL the service must not create its SQLite file");
            var (database, applied) = await factory.QueryAsync(async db =>
                (db.Database.GetDbConnection().Database, (await db.Database.GetAppliedMigrationsAsync()).ToList()));
            Assert.StartsWith("cw_planning_", database, StringComparison.Ordinal);
            Assert.NotEmpty(applied);
            return;
        }
        Assert.True(File.Exists(file));
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
    }

    [Fact]
    public async Task A_request_without_a_token_is_a_401_problem()
    {
        var client = factory.CreateClient();

        var list = await client.GetAsync("/api/projects");
        await list.AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal("Bearer", list.Headers.WwwAuthenticate.Single().Scheme);

        await factory.AssertNothingWrittenAsync(async () =>
            await (await client.PostAsJsonAsync("/api/projects", ValidBody))
                .AssertProblemAsync(HttpStatusCode.Unauthorized));
    }

    public static TheoryData<string> WrongAuthorizations() =>
    [
        "Bearer not-the-token",
        "Bearer ",
        "Basic dXNlcjpwYXNz",
        "{token}",
        "Basic {token}",
        "Bearer {token}x",
    ];

    [Theory]
    [MemberData(nameof(WrongAuthorizations))]
    public async Task A_request_with_a_wrong_token_is_a_401_problem(string authorization)
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.TryAddWithoutValidation(
            "Authorization", authorization.Replace("{token}", factory.Token, StringComparison.Ordinal));

        await (await client.GetAsync("/api/projects")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await factory.AssertNothingWrittenAsync(async () =>
            await (await client.PostAsJsonAsync("/api/projects", ValidBody))
                .AssertProblemAsync(HttpStatusCode.Unauthorized));
    }

    [Theory]
    [InlineData("/health")]
    [InlineData("/alive")]
    public async Task Health_probes_answer_without_a_token(string path)
    {
        var response = await factory.CreateClient().GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/api/projects")]
    [InlineData("/health")]
    public async Task A_host_header_outside_the_allow_list_is_400(string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Host = "evil.example";
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", factory.Token);

        var response = await factory.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain(
            "projects", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("127.0.0.1")]
    [InlineData("[::1]")]
    public async Task Loopback_host_headers_are_allowed(string host)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/projects");
        request.Headers.Host = host;
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", factory.Token);

        Assert.Equal(HttpStatusCode.OK, (await factory.CreateClient().SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task An_unknown_project_id_is_a_404_problem()
    {
        var response = await factory.CreateAuthorizedClient().GetAsync("/api/projects/AAAAAAAAAAAAAAAAAAAAA");

        var problem = await response.AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Contains("AAAAAAAAAAAAAAAAAAAAA", problem.GetProperty("detail").GetString());
    }
}

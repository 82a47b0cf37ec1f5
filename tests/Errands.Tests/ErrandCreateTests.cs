using System.Net;
using System.Net.Http.Json;
using Codewalkers.Contracts.Agents;
using Codewalkers.Contracts.Errands;
using Codewalkers.Contracts.Projects;
using Codewalkers.Errands.Apis;
using Codewalkers.Errands.Tests.Infrastructure;
using Codewalkers.ServiceDefaults;
using Microsoft.EntityFrameworkCore;
using static Codewalkers.Errands.Tests.Infrastructure.ErrandSteps;

namespace Codewalkers.Errands.Tests;

/// <summary>
/// <c>POST /api/errands</c>: a good request stores the errand and sends its agent's SpawnAgent in one commit; a bad
/// one is a 4xx naming the problem, with nothing written and nothing sent.
/// </summary>
public sealed class ErrandCreateTests(ErrandsFactory factory) : IClassFixture<ErrandsFactory>
{
    private readonly ErrandSteps _steps = new(factory);

    [Fact]
    public async Task A_created_errand_is_active_on_its_own_branch_from_the_default_branch_and_spawns_its_agent()
    {
        var project = await _steps.ProjectAsync("main", "develop");

        var (errand, spawn) = await _steps.StartAsync(project, "  Fix the typo in README.md  ");

        Assert.Equal(("Fix the typo in README.md", "cw/errand-fix-the-typo-in-readme-md", "main", "active"),
            (errand.Description, errand.Branch, errand.BaseBranch, errand.Status));
        Assert.Equal((project.Id, 1L, false), (errand.ProjectId, errand.Version, errand.Merging));
        Assert.Null(errand.AgentId);
        var stored = await factory.QueryAsync(db => db.Errands.SingleAsync(e => e.Id == errand.Id));
        Assert.Equal(stored.SpawnRequestId, spawn.RequestId);
        Assert.Equal((AgentModes.Errand, errand.Id, (string?)null, (string?)null),
            (spawn.Mode, spawn.ErrandId, spawn.TaskId, spawn.InitiativeId));
        var workspace = Assert.Single(spawn.Projects);
        Assert.Equal(
            (project.Id, errand.Branch, "main"), (workspace.ProjectId, workspace.Branch, workspace.BaseBranch));
        Assert.Empty(workspace.EnsureBranches);
        var input = Assert.Single(spawn.InputFiles);
        Assert.Equal(("errand.md", "Fix the typo in README.md"), (input.Path, input.Content));
        Assert.Contains("Fix the typo in README.md", spawn.Prompt, StringComparison.Ordinal);
        Assert.Contains($"./{project.Name}/", spawn.Prompt, StringComparison.Ordinal);
        Assert.Contains(errand.Branch, spawn.Prompt, StringComparison.Ordinal);
        var created = Assert.Single(await _steps.StatusChangesAsync(errand.Id, 1));
        Assert.Equal((null, "active", 1L, errand.Branch), (created.From, created.To, created.Version, created.Branch));
    }

    [Fact]
    public async Task A_given_base_branch_that_exists_is_used_and_the_provider_is_passed_on()
    {
        var project = await _steps.ProjectAsync("main", "release/1.2");

        var response = await _steps.PostAsync(new
        {
            projectId = project.Id, description = "Bump the version", baseBranch = "release/1.2", provider = "codex",
        });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var errand = (await response.Content.ReadFromJsonAsync<ErrandResponse>())!;
        Assert.Equal(("release/1.2", "codex"), (errand.BaseBranch, errand.Provider));
        var spawn = await _steps.SentAsync<SpawnAgent>(s => s.ErrandId == errand.Id, "spawn");
        Assert.Equal(("release/1.2", "codex"), (spawn.Projects[0].BaseBranch, spawn.Provider));
    }

    [Fact]
    public async Task The_same_description_twice_gets_a_numbered_branch_and_a_taken_clone_branch_is_skipped_too()
    {
        // The clone already has the first two names (someone's leftover branch, an earlier errand's merged one).
        var project = await _steps.ProjectAsync("main", "cw/errand-add-a-license", "cw/errand-add-a-license-2");

        var (first, _) = await _steps.StartAsync(project, "Add a LICENSE");
        var (second, _) = await _steps.StartAsync(project, "Add a license!");

        Assert.Equal("cw/errand-add-a-license-3", first.Branch);
        Assert.Equal("cw/errand-add-a-license-4", second.Branch);
    }

    [Fact]
    public async Task The_same_slug_in_another_project_is_free()
    {
        var (one, two) = (await _steps.ProjectAsync(), await _steps.ProjectAsync());

        var (first, _) = await _steps.StartAsync(one, "Same change");
        var (second, _) = await _steps.StartAsync(two, "Same change");

        Assert.Equal(first.Branch, second.Branch);
    }

    [Fact]
    public async Task A_description_of_exactly_200_characters_is_accepted()
    {
        var project = await _steps.ProjectAsync();

        var (errand, _) = await _steps.StartAsync(project, new string('a', 200));

        Assert.Equal(200, errand.Description.Length);
        Assert.Equal("cw/errand-" + new string('a', 40), errand.Branch);
    }

    public static TheoryData<string?, string> BadDescriptions() => new()
    {
        { null, "required" },
        { "", "required" },
        { "   ", "required" },
        { new string('x', 201), "at most 200" },
        { "Fix\u0000it", "control characters" },
        { "Fix\nit", "control characters" },
    };

    [Theory]
    [MemberData(nameof(BadDescriptions))]
    public async Task A_bad_description_is_refused_naming_it_and_nothing_is_written(string? description, string why)
    {
        var project = await _steps.ProjectAsync();

        await _steps.AssertNothingWrittenAsync(async () =>
        {
            var message = await AssertNamesFieldAsync(
                await _steps.PostAsync(new { projectId = project.Id, description }), "description");
            Assert.Contains(why, message, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task A_project_registered_a_moment_ago_is_waited_for_rather_than_called_unknown()
    {
        // The user registered it with Planning; its event has reached neither Errands nor the Agents service yet.
        var id = Ids.New();
        var name = $"late-{id[..6].Replace('_', 'x')}";
        var creating = _steps.PostAsync(new { projectId = id, description = "Fix it right away" });
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        await factory.DeliverAsync(new ProjectRegistered(
            id, name, $"https://github.com/codewalkers/{name}.git", "main", 1, DateTimeOffset.UtcNow));
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        factory.Agents.SetBranches(id, "main");

        var response = await creating;
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_unknown_or_deleted_project_is_refused_naming_projectId()
    {
        var deleted = await _steps.ProjectAsync();
        await factory.DeliverAsync(new ProjectDeleted(deleted.Id, 2, DateTimeOffset.UtcNow));

        await _steps.AssertNothingWrittenAsync(async () =>
        {
            foreach (var projectId in new[] { Ids.New(), deleted.Id, "not-an-id", "" })
            {
                await AssertNamesFieldAsync(
                    await _steps.PostAsync(new { projectId, description = "Do it" }), "projectId");
            }
        });
        Assert.DoesNotContain(factory.Agents.Requests, r => r.Contains(deleted.Id, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_base_branch_the_project_does_not_have_is_refused_naming_baseBranch()
    {
        var project = await _steps.ProjectAsync("main", "develop");

        await _steps.AssertNothingWrittenAsync(async () =>
        {
            var message = await AssertNamesFieldAsync(await _steps.PostAsync(
                new { projectId = project.Id, description = "Do it", baseBranch = "feature/missing" }), "baseBranch");
            Assert.Contains("feature/missing", message, StringComparison.Ordinal);
        });
    }

    public static TheoryData<string> UnsafeBranches() => new()
    {
        "--upload-pack=touch /tmp/pwned", "-b", "main\u0000", "main\n", "a..b", "main.lock", "a b", "",
        new string('b', ProjectRules.MaxBranchLength + 1),
    };

    [Theory]
    [MemberData(nameof(UnsafeBranches))]
    public async Task An_option_like_or_control_character_base_branch_is_refused_before_asking_the_Agents_service(
        string baseBranch)
    {
        var project = await _steps.ProjectAsync("main");
        var asked = factory.Agents.Requests.Count(r => r.Contains(project.Id, StringComparison.Ordinal));

        await _steps.AssertNothingWrittenAsync(async () => await AssertNamesFieldAsync(
            await _steps.PostAsync(new { projectId = project.Id, description = "Do it", baseBranch }), "baseBranch"));
        Assert.Equal(asked, factory.Agents.Requests.Count(r => r.Contains(project.Id, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_bad_provider_is_refused_naming_it()
    {
        var project = await _steps.ProjectAsync();

        await _steps.AssertNothingWrittenAsync(async () => await AssertNamesFieldAsync(
            await _steps.PostAsync(new { projectId = project.Id, description = "Do it", provider = "--x\n" }),
            "provider"));
    }

    [Fact]
    public async Task Every_bad_field_is_named_at_once()
    {
        var response = await _steps.PostAsync(new { projectId = "x", description = "", baseBranch = "-x" });

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        Assert.All(["projectId", "description", "baseBranch"], f => Assert.True(errors.TryGetProperty(f, out _), f));
    }

    [Theory]
    [InlineData(null)]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    public async Task An_unreachable_or_failing_Agents_service_is_a_503_and_nothing_is_created(HttpStatusCode? failure)
    {
        var project = await _steps.ProjectAsync();
        factory.Agents.Fail(project.Id, failure);

        await _steps.AssertNothingWrittenAsync(async () =>
        {
            var problem = await AssertProblemAsync(
                await _steps.PostAsync(new { projectId = project.Id, description = "Do it" }),
                HttpStatusCode.ServiceUnavailable);
            Assert.Contains("Nothing was created", problem.GetProperty("detail").GetString(),
                StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Creating_requires_the_token()
    {
        var response = await factory.CreateClient().PostAsJsonAsync("/api/errands", new { description = "x" });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task The_created_errand_is_in_the_list_and_readable_with_its_empty_thread()
    {
        var project = await _steps.ProjectAsync();
        var (errand, _) = await _steps.StartAsync(project, "Listed");

        var got = await _steps.GetAsync(errand.Id);

        Assert.Equal((errand.Id, errand.Branch, errand.Version, errand.CreatedAt),
            (got.Id, got.Branch, got.Version, got.CreatedAt));
        Assert.Empty(got.Thread!);
        Assert.Equal(ErrandStatuses.Active, got.Status);
    }
}

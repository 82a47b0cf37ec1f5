using System.Text.Json;
using Codewalkers.EndToEnd.Tests.Infrastructure;
using Codewalkers.TestSupport;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Codewalkers.EndToEnd.Tests.Web;

/// <summary>
/// The views the whole-initiative walk does not pass through, used as a person would in a real browser: settings
/// (add a project, see each service's health), an errand started, reviewed and merged, the agent that did it with
/// its output, a chat beside a phase that edits the plan and is reverted, and the API reference. Then every view
/// again in a 400 px window: nothing wider than the window. Each view is screenshotted and checked with axe.
/// </summary>
[Collection(CodewalkersAppCollection.Name)]
public sealed class EveryViewInBrowserTests(CodewalkersApp app, WebBrowser browser, ITestOutputHelper output)
    : IClassFixture<WebBrowser>
{
    [Fact]
    public async Task Settings_errands_agents_chat_and_the_API_reference_work_in_the_browser()
    {
        await app.SettledAsync();
        using var client = app.CreateClient();
        var repo = GitRepository.In(app.Repositories);
        // A merged errand is pushed to the project's origin: this checkout takes pushes to its current branch.
        repo.Git("config", "receive.denyCurrentBranch", "updateInstead");
        var name = Api.Unique("shop");
        await using var tab = await browser.OpenAsync(app.GatewayUrl);
        var page = tab.Page;
        await tab.StepsAsync("every-view", async () =>
        {
            // Settings: the project added with the form is listed; every service reports its health.
            await tab.SignInAsync(app.Token, "/settings");
            await page.GetByLabel("Name", new() { Exact = true }).FillAsync(name);
            await page.GetByLabel("Git URL or absolute path").FillAsync(repo.Path);
            await page.GetByRole(AriaRole.Button, new() { Name = "Add project" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Cell, new() { Name = name, Exact = true })
                .Or(page.GetByRole(AriaRole.Rowheader, new() { Name = name, Exact = true }))).ToBeVisibleAsync(Slower);
            foreach (var service in new[] { "planning", "agents", "collaboration", "errands" })
                await Expect(page.GetByRole(AriaRole.Rowheader, new() { Name = service, Exact = true })).ToBeVisibleAsync(Slower);
            await CheckViewAsync(tab, "settings");

            // An errand: started in the browser, its agent (the real Claude CLI) commits, its diff is reviewed, merged.
            var project = await ProjectAsync(client, name);
            var marker = Api.Unique("web-errand");
            app.Model.Script(marker, ErrandApi.WritesAndCommits(project, "hello.txt", "hello\n", "Add hello"));
            await page.GetByRole(AriaRole.Link, new() { Name = "Errands" }).ClickAsync();
            await page.GetByLabel("What should change").FillAsync($"Add a hello file {marker}");
            await page.GetByLabel("Project").SelectOptionAsync(new SelectOptionValue { Label = name });
            await page.GetByRole(AriaRole.Button, new() { Name = "Start errand" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Merge into main" })).ToBeVisibleAsync(Slower);
            await Expect(page.GetByText("+hello").First).ToBeVisibleAsync();
            await CheckViewAsync(tab, "errand");
            await page.GetByRole(AriaRole.Button, new() { Name = "Merge into main" }).ClickAsync();
            await Expect(page.Locator("main").GetByText("merged", new() { Exact = true }).First).ToBeVisibleAsync(Slower);
            Assert.Equal("hello\n", await File.ReadAllTextAsync(Path.Combine(repo.Path, "hello.txt")));

            // The agent that did it: listed, and its page shows what it said.
            await page.GetByRole(AriaRole.Link, new() { Name = "Agents" }).ClickAsync();
            var errand = (await client.GetJsonAsync("/api/errands")).Items()
                .Single(e => e.Str("description").Contains(marker));
            await CheckViewAsync(tab, "agents");
            await page.GetByRole(AriaRole.Link, new() { Name = errand.Str("agentName"), Exact = true }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = errand.Str("agentName") })).ToBeVisibleAsync();
            await Expect(page.Locator("main").GetByText("Done.").First).ToBeVisibleAsync(Slower);
            await CheckViewAsync(tab, "agent");

            // A chat beside a phase: the assistant adds a task, shown inline, then reverted.
            var (initiativeId, phaseId) = await InitiativeWithPhaseAsync(client, project);
            var chat = Api.Unique("web-chat");
            app.Model.Script(chat,
                Steps.Write(".cw/output/tasks/docs.md", "---\ntitle: \"Write the docs\"\n---\nExplain it.\n"),
                Steps.Signal(new { status = "done", result = new { message = "Added a docs task." } }),
                Steps.Say("Done."));
            await tab.GotoAsync($"/initiatives/{initiativeId}/plan");
            await page.GetByRole(AriaRole.Link, new() { NameRegex = new("^Greeting") }).ClickAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Chat", Exact = true }).First.ClickAsync();
            await page.GetByLabel("Message").FillAsync($"Add a task for the docs. {chat}");
            await page.GetByRole(AriaRole.Button, new() { Name = "Send", Exact = true }).ClickAsync();
            await Expect(page.GetByText("Added a docs task.")).ToBeVisibleAsync(Slower);
            await Expect(page.GetByText("Write the docs").First).ToBeVisibleAsync();
            await CheckViewAsync(tab, "chat");
            await page.GetByRole(AriaRole.Button, new() { Name = "Revert these changes" }).ClickAsync();
            await Expect(page.GetByText("Reverted changes")).ToBeVisibleAsync(Slower);
            Assert.Empty((await client.GetJsonAsync($"/api/tasks?phaseId={phaseId}")).Items());

            // The API reference: every service's routes, behind the same sign-in.
            await page.GotoAsync("/api/docs");
            await Expect(page.GetByRole(AriaRole.Heading, new() { NameRegex = new("^Codewalkers.Planning") }).First)
                .ToBeVisibleAsync(Slower);
            await Expect(page.GetByText("List registered projects by name.").First).ToBeVisibleAsync();
            output.WriteLine(await tab.ScreenshotAsync("api-reference"));
        }, async () => $"agents {await client.GetStringAsync("/api/agents")}");
        Assert.Empty(tab.ConsoleErrors);
    }

    [Fact]
    public async Task Every_view_fits_a_400_pixel_window()
    {
        await app.SettledAsync();
        using var client = app.CreateClient();
        var project = await client.RegisterProjectAsync(Api.Unique("narrow"), GitRepository.In(app.Repositories).Path);
        var (initiativeId, phaseId) = await InitiativeWithPhaseAsync(client, project);
        await client.PostJsonAsync("/api/tasks", new
        {
            initiativeId, phaseId, name = "Write a rather long task name that has to wrap on a phone", description = "x",
        });
        await using var tab = await browser.OpenAsync(app.GatewayUrl, width: 400, height: 800);
        await tab.SignInAsync(app.Token, "/initiatives");
        string[] views =
        [
            "/initiatives", $"/initiatives/{initiativeId}/content", $"/initiatives/{initiativeId}/plan",
            $"/initiatives/{initiativeId}/execution", $"/initiatives/{initiativeId}/review",
            "/agents", "/inbox", "/errands", "/settings",
        ];
        var tooWide = new List<string>();
        foreach (var view in views)
        {
            await tab.GotoAsync(view);
            await tab.Page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            var name = "narrow-" + view.Trim('/').Replace(initiativeId, "initiative").Replace('/', '-');
            await tab.CheckViewAsync(name, output);
            var widest = await tab.Page.EvaluateAsync<int>("document.documentElement.scrollWidth");
            if (widest > 400) tooWide.Add($"{view} is {widest} px wide");
        }
        Assert.True(tooWide.Count == 0, string.Join("; ", tooWide));
        Assert.Empty(tab.ConsoleErrors);
    }

    private static LocatorClickOptions Patient => AgentPatience.Click;
    private static LocatorAssertionsToBeVisibleOptions Slower => AgentPatience.Visible;

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);

    private Task CheckViewAsync(BrowserTab tab, string name) => tab.CheckViewAsync(name, output);

    private static async Task<ProjectDto> ProjectAsync(HttpClient client, string name)
    {
        var project = (await client.GetJsonAsync("/api/projects")).Items().Single(p => p.Str("name") == name);
        return new ProjectDto(project.Str("id"), name, project.Str("url"), project.Str("defaultBranch"));
    }

    private static async Task<(string InitiativeId, string PhaseId)> InitiativeWithPhaseAsync(
        HttpClient client, ProjectDto project)
    {
        var initiativeId = (await client.PostJsonAsync("/api/initiatives", new
        {
            name = Api.Unique("Views"), projectIds = new[] { project.Id },
        })).Str("id");
        var phaseId = (await client.PostJsonAsync("/api/phases", new { initiativeId, name = "Greeting" })).Str("id");
        return (initiativeId, phaseId);
    }
}

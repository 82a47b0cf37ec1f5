using System.Text.Json;
using Codewalkers.EndToEnd.Tests.Infrastructure;
using Codewalkers.TestSupport;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Codewalkers.EndToEnd.Tests.Web;

/// <summary>
/// A person drives a whole initiative in the browser: signs in with the link, creates the initiative, runs the plan
/// and detail architects and accepts what they propose, approves and executes, watches the agent's output arrive,
/// answers its question from the inbox, comments on a line of the phase's diff and requests changes, approves, and
/// sees the initiative done with the work on the project's main branch. The agents are the real Claude CLI. Every
/// view is screenshotted (bin/.../screenshots) and checked with axe on the way; the console stays free of errors.
/// </summary>
[Collection(CodewalkersAppCollection.Name)]
public sealed class WholeInitiativeInBrowserTests(CodewalkersApp app, WebBrowser browser, ITestOutputHelper output)
    : IClassFixture<WebBrowser>
{
    [Fact]
    public async Task An_initiative_planned_executed_reviewed_and_approved_in_the_browser_lands_on_main()
    {
        await app.SettledAsync();
        using var client = app.CreateClient();
        var repo = GitRepository.In(app.Repositories);
        repo.Git("config", "receive.denyCurrentBranch", "updateInstead");
        var run = Api.Unique("web");
        var project = await client.RegisterProjectAsync($"site-{run}", repo.Path);
        await using var tab = await browser.OpenAsync(app.GatewayUrl);
        var page = tab.Page;
        await tab.StepsAsync("whole-initiative", async () =>
        {
        // Create.
        await tab.SignInAsync(app.Token, "/initiatives");
        await CheckViewAsync(tab, "initiatives");
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync($"Greeting {run}");
        await page.GetByLabel(project.Name).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Create initiative" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Greeting {run}" })).ToBeVisibleAsync();

        // Plan: the plan architect proposes one phase; accept it.
        var plan = $"plan-{run}";
        app.Model.Script(plan,
            Steps.Write(".cw/output/phases/greeting.md", "---\ntitle: Greeting\n---\nSay hello."),
            Steps.Signal(new { status = "done" }),
            Steps.Say("Planned."));
        await page.GetByLabel("Instructions for the next architect (optional)").FillAsync(plan);
        await page.GetByRole(AriaRole.Button, new() { Name = "Plan phases" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Accept all 1" }).ClickAsync(Patient);
        await page.GetByRole(AriaRole.Link, new() { NameRegex = new("^Greeting") }).ClickAsync(Patient);

        // Detail: the detail architect proposes one task, whose agent will ask a question first.
        var detail = $"detail-{run}";
        var execute = $"exec-{run}";
        app.Model.Script(detail,
            Steps.Write(".cw/output/tasks/hello.md", $"---\ntitle: Write hello\n---\nWrite hello.txt. {execute}"),
            Steps.Signal(new { status = "done" }),
            Steps.Say("Detailed."));
        app.Model.Script(execute,
            Steps.Signal(new
            {
                status = "questions",
                questions = new object[] { new { id = "word", question = "Which word?", options = new[] { "hello", "hi" } } },
            }),
            Steps.Say($"Waiting for the word. live-{run}"),
            Steps.Bash($"cd {project.Name} && printf 'hello\\nworld\\n' > hello.txt && git add hello.txt "
                + "&& git -c user.name=agent -c user.email=agent@cw commit -q -m 'Add hello'"),
            Steps.Signal(new { status = "done", result = new { message = "Wrote hello" } }),
            Steps.Say("Done."));
        await page.GetByLabel("Instructions for the next architect (optional)").FillAsync(detail);
        await page.GetByRole(AriaRole.Button, new() { Name = "Detail into tasks" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Accept all 1" }).ClickAsync(Patient);
        await Expect(page.GetByRole(AriaRole.Link, new() { NameRegex = new("^Write hello") })).ToBeVisibleAsync(Slower);
        await CheckViewAsync(tab, "initiative-plan");

        // Approve and execute; the agent's output arrives live in the execution tab.
        await page.GetByRole(AriaRole.Link, new() { Name = "Execution" }).ClickAsync();
        // A person waits to see the phase approved before executing: a click on Execute while the approval is still
        // on its way is refused by the view (one action at a time), and under load the two clicks overlapped.
        await page.GetByRole(AriaRole.Button, new() { Name = "Approve all 1 pending phases" }).ClickAsync(Patient);
        await Expect(page.GetByRole(AriaRole.Button, new() { NameRegex = new("^Approv(e all|ing)") })).Not.ToBeVisibleAsync(Slower);
        await page.GetByRole(AriaRole.Button, new() { Name = "Execute approved phases" }).ClickAsync();
        await Expect(page.GetByText($"Waiting for the word. live-{run}", new() { Exact = true })).ToBeVisibleAsync(Slower);
        await CheckViewAsync(tab, "initiative-execution");

        // Answer the question from the inbox.
        await page.GetByRole(AriaRole.Link, new() { Name = "Inbox" }).ClickAsync();
        await Expect(page.GetByText("Which word?")).ToBeVisibleAsync(Slower);
        await CheckViewAsync(tab, "inbox");
        await page.GetByRole(AriaRole.Button, new() { Name = "hello", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Send answer" }).ClickAsync();
        await Expect(page.GetByText("Which word?")).Not.ToBeVisibleAsync(Slower);

        // The phase waits for review: comment on a line of its diff and request changes.
        var review = $"review-{run}";
        app.Model.Script(review,
            Steps.Bash($"cd {project.Name} && printf 'hello\\nthere\\n' > hello.txt && git add hello.txt "
                + "&& git -c user.name=agent -c user.email=agent@cw commit -q -m 'Friendlier'"),
            Steps.Signal(new { status = "done", result = new { message = "Made it friendlier" } }),
            Steps.Say("Reviewed."));
        await tab.GotoAsync($"/initiatives/{await InitiativeIdAsync(client, run)}/execution");
        await page.GetByRole(AriaRole.Link, new() { Name = "Review its diff" }).ClickAsync(Patient);
        await page.GetByRole(AriaRole.Button, new() { Name = "Comment on added line 2" }).ClickAsync(Patient);
        await page.GetByRole(AriaRole.Textbox, new() { Name = "Comment on added line 2" }).FillAsync($"Say there, not world. {review}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Comment", Exact = true }).ClickAsync();
        await Expect(page.GetByText($"Say there, not world. {review}")).ToBeVisibleAsync();
        await CheckViewAsync(tab, "initiative-review");
        await page.GetByRole(AriaRole.Button, new() { Name = "Request changes" }).ClickAsync();

        // The review agent's change comes back for review: approve the phase, then the initiative.
        // Its change moved the commented line: the thread is marked outdated, not lost.
        await Expect(page.GetByText("outdated", new() { Exact = true })).ToBeVisibleAsync(Slower);
        await page.GetByRole(AriaRole.Button, new() { Name = "Approve and merge", Exact = true }).ClickAsync(Patient);
        await tab.GotoAsync($"/initiatives/{await InitiativeIdAsync(client, run)}/review");
        await page.GetByRole(AriaRole.Button, new() { Name = "Approve and merge into the default branch" })
            .ClickAsync(Patient);
        await Expect(page.Locator("header, .initiative-head").GetByText("completed").First).ToBeVisibleAsync(Slower);
        await CheckViewAsync(tab, "initiative-completed");

        }, async () =>
            $"agents {await client.GetStringAsync("/api/agents")}\n"
            + $"feed {await client.GetStringAsync("/api/events?limit=30")}");
        Assert.Equal("hello\nthere\n", await File.ReadAllTextAsync(Path.Combine(repo.Path, "hello.txt")));
        Assert.Empty(tab.ConsoleErrors);
    }

    private static LocatorClickOptions Patient => AgentPatience.Click;
    private static LocatorAssertionsToBeVisibleOptions Slower => AgentPatience.Visible;

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);

    private Task CheckViewAsync(BrowserTab tab, string name) => tab.CheckViewAsync(name, output);

    private static async Task<string> InitiativeIdAsync(HttpClient client, string run)
    {
        var list = await client.GetJsonAsync("/api/initiatives");
        return list.Items().Single(i => i.Str("name") == $"Greeting {run}").Str("id");
    }
}

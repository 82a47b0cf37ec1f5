using Codewalkers.Web.Api;
using Codewalkers.Web.Components.Initiatives.Plan;
using Codewalkers.Web.Tests.Support;
using static Codewalkers.Web.Tests.Plan.PlanFakes;

namespace Codewalkers.Web.Tests.Plan;

/// <summary>A phase shows the files its tasks declared and the overlaps predicted from them.</summary>
public sealed class PhaseFilesTests : WebTestContext
{
    private const string TasksPath = "/api/tasks?phaseId=ph1&take=500";
    private const string OverlapsPath = $"/api/initiatives/{InitiativeId}/overlaps";

    private static readonly OverlapTask Alpha = new("t1", "Alpha", "ph1", "in_progress");
    private static readonly OverlapTask Gamma = new("t2", "Gamma", "ph1", "pending");

    private IRenderedComponent<PhaseFiles> RenderFiles(params PlanTreeTask[] tasks) =>
        Render<PhaseFiles>(p => p.Add(c => c.InitiativeId, InitiativeId).Add(c => c.PhaseId, "ph1")
            .Add(c => c.Tasks, tasks));

    [Fact]
    public void Each_task_shows_its_declared_files_and_the_phase_says_which_may_conflict_on_what()
    {
        Gateway.On("GET", TasksPath, Paged(
            new PlanTaskFiles("t1", "ph1", "Alpha", 2, ["src/Orders.cs", "docs/"], false, null),
            new PlanTaskFiles("t2", "ph1", "Gamma", 3, ["src/"], false, new PlanTaskWait("t1", ["src/Orders.cs"])),
            new PlanTaskFiles("t3", "ph1", "Nothing declared", 1, [], false, null)));
        Gateway.On("GET", OverlapsPath, new InitiativeOverlaps(InitiativeId,
            [
                new TaskOverlap(Alpha, Gamma, ["src/Orders.cs"], "declared", "waits"),
                new TaskOverlap(new("x1", "Elsewhere", "ph9", "pending"), new("x2", "Far", "ph9", "pending"),
                    ["a.cs"], "declared", "waits"),
            ], []));

        var files = RenderFiles(Task("t1", "ph1", "Alpha"), Task("t2", "ph1", "Gamma"));

        files.WaitForAssertion(() => Assert.Equal(2, files.FindAll(".task-files li").Count));
        var alpha = files.Find(".task-files li[data-id=t1] .muted");
        Assert.Equal("src/Orders.cs, docs/", alpha.TextContent.Trim());
        Assert.Contains("small", alpha.ClassList);
        Assert.Contains("Waits for Alpha: src/Orders.cs", files.Find(".task-files li[data-id=t2]").TextContent);
        var overlap = Assert.Single(files.FindAll(".overlaps li")); // the other phase's pair is not this phase's
        Assert.Contains("Gamma may conflict with Alpha:", Normalized(overlap.TextContent));
        Assert.Contains("src/Orders.cs", overlap.TextContent);
        Assert.Contains("runs after it", overlap.TextContent);
    }

    [Fact]
    public void A_changed_task_reads_the_files_again_and_a_refusal_is_shown()
    {
        Gateway.On("GET", TasksPath, Paged<PlanTaskFiles>());
        Gateway.Refuse("GET", OverlapsPath, 404, "Not found", "Initiative 'x' was not found.");
        var files = RenderFiles(Task("t1", "ph1", "Alpha"));
        files.WaitForAssertion(() => Assert.Contains("Initiative 'x' was not found.", files.Markup));

        Gateway.On("GET", TasksPath, Paged(new PlanTaskFiles("t1", "ph1", "Alpha", 2, ["README.md"], true, null)));
        Gateway.On("GET", OverlapsPath, new InitiativeOverlaps(InitiativeId, [], []));
        files.Render(p => p.Add(c => c.Tasks, [Task("t1", "ph1", "Alpha") with { Version = 2 }]));

        files.WaitForAssertion(() => Assert.Contains("README.md · may overlap", files.Find(".task-files").TextContent));
        Assert.DoesNotContain("was not found", files.Markup);
        Assert.Equal(2, Gateway.Requests.Count(r => r.PathAndQuery == TasksPath));
    }

    private static string Normalized(string text) => string.Join(' ', text.Split((char[]?)null,
        StringSplitOptions.RemoveEmptyEntries));
}

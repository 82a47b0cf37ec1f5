using System.Text.Json;
using Codewalkers.Planning.Architects;
using Codewalkers.Planning.Domain;

namespace Codewalkers.Planning.Tests.Architects;

public sealed class ArchitectOutputsTests
{
    private const string Run = "run1";

    private static PlanIds Plan(
        string[]? pages = null,
        string[]? phases = null,
        PlanTaskRef[]? tasks = null,
        string? detailPhase = null,
        Dictionary<string, string>? pending = null) => new(
        new HashSet<string>(pages ?? []), new HashSet<string>(phases ?? []),
        (tasks ?? []).ToDictionary(t => t.Id), detailPhase,
        new Dictionary<string, string>(pending ?? [], StringComparer.OrdinalIgnoreCase));

    private static JsonElement Meta(ProposalDraft d) => JsonDocument.Parse(d.Metadata).RootElement;

    private static string[] Deps(ProposalDraft d) =>
        Meta(d).TryGetProperty("dependencies", out var deps)
            ? [.. deps.EnumerateArray().Select(e => e.GetString()!)]
            : [];

    [Fact]
    public void Plan_phases_become_phase_proposals_whose_dependencies_name_the_runs_file_ids()
    {
        var drafts = ArchitectOutputs.Parse("plan", Run,
        [
            ("phases/b.md", "---\ntitle: B\ndependencies: [a, existing-phase]\n---\nDo B."),
            ("phases/a.md", "---\ntitle: A\n---\nDo A."),
            ("signal.json", "{\"status\":\"done\"}"),
            ("tasks/ignored.md", "not a plan output"),
        ], Plan(phases: ["existing-phase"]));

        Assert.Equal(["A", "B"], drafts.Select(d => d.Title));
        Assert.All(drafts, d => Assert.Equal(ProposalTargetType.Phase, d.TargetType));
        Assert.Equal("run1/a", Meta(drafts[0]).GetProperty("fileId").GetString());
        Assert.Equal(["run1/a", "existing-phase"], Deps(drafts[1]));
        Assert.Equal("Do B.", drafts[1].Content);
        Assert.Equal([0, 1], drafts.Select(d => d.SortOrder));
        Assert.All(drafts, d => ProposalMetadata.Parse(d.Metadata)); // the applier reads it
    }

    [Fact]
    public void A_file_named_after_an_existing_phase_updates_it()
    {
        var drafts = ArchitectOutputs.Parse(
            "plan", Run, [("phases/-ph1_.md", "---\nname: Renamed\n---\n")], Plan(phases: ["-ph1_"]));
        Assert.Equal(("-ph1_", "Renamed"), (drafts.Single().TargetId, drafts.Single().Title));
    }

    [Fact]
    public void One_malformed_file_means_no_drafts_and_every_problem_names_its_file()
    {
        var ex = Assert.Throws<MalformedOutputException>(() => ArchitectOutputs.Parse("plan", Run,
        [
            ("phases/good.md", "---\ntitle: Good\n---\n"),
            ("phases/no-title.md", "---\nsummary: x\n---\n"),
            ("phases/bad-dep.md", "---\ntitle: C\ndependencies: [nowhere]\n---\n"),
            ("phases/no-front.md", "Just text"),
        ], Plan()));

        Assert.Contains(ex.Problems, p => p.StartsWith("phases/no-front.md: ") && p.Contains("front matter"));
        Assert.Contains(ex.Problems, p => p.StartsWith("phases/no-title.md: ") && p.Contains("'title' is missing"));
        Assert.Contains(ex.Problems, p => p.StartsWith("phases/bad-dep.md: ") && p.Contains("'nowhere'"));
        Assert.DoesNotContain(ex.Problems, p => p.Contains("good.md"));
    }

    [Fact]
    public void A_dependency_cycle_between_files_is_malformed()
    {
        var ex = Assert.Throws<MalformedOutputException>(() => ArchitectOutputs.Parse("plan", Run,
        [
            ("phases/a.md", "---\ntitle: A\ndependencies: [b]\n---\n"),
            ("phases/b.md", "---\ntitle: B\ndependencies: [a]\n---\n"),
        ], Plan()));
        Assert.Contains("cycle", ex.Message);
    }

    [Theory]
    [InlineData("phases/a.txt", "---\ntitle: A\n---\n", "expected phases/<id>.md")]
    [InlineData("phases/a.md", "---\ntitle: A\ndependencies: [a]\n---\n", "depends on itself")]
    [InlineData("phases/a.md", "---\ntitle: [A, B]\n---\n", "must be text")]
    [InlineData("phases/a.md", "---\ntitle: A\naction: delete\n---\n", "names no existing")]
    [InlineData("phases/a b.md", "---\ntitle: A\n---\n", "slug")]
    public void Bad_plan_files_are_reported(string path, string content, string problem)
    {
        var ex = Assert.Throws<MalformedOutputException>(
            () => ArchitectOutputs.Parse("plan", Run, [(path, content)], Plan()));
        Assert.Contains(problem, ex.Message);
        Assert.Contains(path, ex.Message);
    }

    [Fact]
    public void Detail_tasks_target_the_phase_and_carry_category_priority_and_dependencies()
    {
        var drafts = ArchitectOutputs.Parse("detail", Run,
        [
            ("tasks/t1.md", "---\ntitle: Schema\ncategory: execute\npriority: high\n---\nCreate it."),
            ("tasks/t2.md", "---\ntitle: Repository\ndependencies:\n  - t1\n---\nUse it."),
        ], Plan(phases: ["ph"], detailPhase: "ph"));

        Assert.All(
            drafts,
            d => Assert.Equal(
                ("ph", ProposalTargetType.Task), (Meta(d).GetProperty("phaseId").GetString(), d.TargetType)));
        Assert.Equal("high", Meta(drafts[0]).GetProperty("priority").GetString());
        Assert.Equal(["run1/t1"], Deps(drafts[1]));
    }

    [Fact]
    public void Detail_drops_duplicate_tasks_and_redirects_dependencies_on_them()
    {
        var drafts = ArchitectOutputs.Parse("detail", Run,
        [
            ("tasks/a.md", "---\ntitle: Write the schema\n---\n"),
            ("tasks/b.md", "---\ntitle: write the SCHEMA \n---\n"),
            ("tasks/c.md", "---\ntitle: Existing one\n---\n"),
            ("tasks/d.md", "---\ntitle: Offered already\n---\n"),
            ("tasks/e.md", "---\ntitle: Uses them\ndependencies: [b, c, d]\n---\n"),
        ], Plan(phases: ["ph"], tasks: [new PlanTaskRef("task9", "Existing One", "ph")], detailPhase: "ph",
            pending: new() { ["offered already"] = "proposal7" }));

        Assert.Equal(["Write the schema", "Uses them"], drafts.Select(d => d.Title));
        Assert.Equal(["run1/a", "task9", "proposal7"], Deps(drafts[1]));
    }

    [Fact]
    public void Detail_rejects_an_unknown_category()
    {
        var ex = Assert.Throws<MalformedOutputException>(() => ArchitectOutputs.Parse("detail", Run,
            [("tasks/a.md", "---\ntitle: A\ncategory: cooking\n---\n")], Plan(detailPhase: "ph")));
        Assert.Contains("tasks/a.md: category 'cooking' is not one of", ex.Message);
    }

    [Fact]
    public void Decisions_become_page_proposals()
    {
        var draft = ArchitectOutputs.Parse("discuss", Run,
            [("decisions/auth.md", "---\ntopic: Sign-in\ndecision: OAuth device flow\n---\nBecause CLI.")],
            Plan()).Single();

        Assert.Equal(
            (ProposalTargetType.Page, null, "Decision: Sign-in", "OAuth device flow"),
            (draft.TargetType, draft.TargetId, draft.Title, draft.Summary));
        Assert.Equal("**Decision:** OAuth device flow\n\nBecause CLI.", draft.Content);
    }

    [Fact]
    public void Refine_rewrites_existing_pages_and_creates_new_ones_under_existing_parents()
    {
        var drafts = ArchitectOutputs.Parse("refine", Run,
        [
            ("pages/p1.md", "---\ntitle: Overview\n---\nNew text."),
            ("pages/new.md", "---\ntitle: Glossary\nparentPageId: p1\n---\nTerms."),
        ], Plan(pages: ["p1"]));

        var (overview, glossary) = (
            drafts.Single(d => d.Title == "Overview"), drafts.Single(d => d.Title == "Glossary"));
        Assert.Equal(("p1", null), (overview.TargetId, glossary.TargetId));
        Assert.Equal("p1", Meta(glossary).GetProperty("parentPageId").GetString());
        var ex = Assert.Throws<MalformedOutputException>(() => ArchitectOutputs.Parse("refine", Run,
            [("pages/new.md", "---\ntitle: G\nparentPageId: nowhere\n---\n")], Plan(pages: ["p1"])));
        Assert.Contains("pages/new.md: parentPageId 'nowhere'", ex.Message);
    }
}

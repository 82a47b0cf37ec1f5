using Codewalkers.Planning.Architects;
using Codewalkers.Planning.Domain;

namespace Codewalkers.Planning.Tests.Architects;

/// <summary>A detail architect's task files declare the paths each task will touch (<c>files:</c>).</summary>
public sealed class ArchitectTaskFilesTests
{
    private static PlanIds Plan() => new(new HashSet<string>(), new HashSet<string>(["ph"]),
        new Dictionary<string, PlanTaskRef>(), "ph", new Dictionary<string, string>());

    [Fact]
    public void Declared_files_as_a_list_or_one_path_reach_the_proposal_metadata_the_applier_reads()
    {
        var drafts = ArchitectOutputs.Parse("detail", "run1",
        [
            ("tasks/a.md", "---\ntitle: Schema\nfiles:\n  - src/Orders/Table.cs\n  - src/Orders/Migrations/\n---\n"),
            ("tasks/b.md", "---\ntitle: Docs\nfiles: docs/orders.md\n---\n"),
            ("tasks/c.md", "---\ntitle: Nothing declared\n---\n"),
        ], Plan());

        Assert.Equal(["src/Orders/Table.cs", "src/Orders/Migrations/"],
            ProposalMetadata.Parse(drafts[0].Metadata).Files!);
        Assert.Equal(["docs/orders.md"], ProposalMetadata.Parse(drafts[1].Metadata).Files!);
        Assert.Null(ProposalMetadata.Parse(drafts[2].Metadata).Files);
    }

    [Fact]
    public void A_bad_path_makes_the_output_malformed_naming_the_file_and_the_path()
    {
        var ex = Assert.Throws<MalformedOutputException>(() => ArchitectOutputs.Parse("detail", "run1",
            [("tasks/a.md", "---\ntitle: A\nfiles: [\"/etc/hosts\"]\n---\n")], Plan()));
        Assert.Contains("tasks/a.md: The path '/etc/hosts' is absolute", ex.Message);
    }

    [Fact]
    public void Metadata_with_a_bad_path_is_refused_naming_it()
    {
        var ex = Assert.Throws<Codewalkers.SharedKernel.Errors.ValidationException>(
            () => ProposalMetadata.Parse("""{"files":["ok.cs","../up.cs"]}"""));
        Assert.Contains("'../up.cs'", ex.Errors["metadata.files"].Single());
    }
}

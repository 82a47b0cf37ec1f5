using Codewalkers.Contracts.Projects;

namespace Codewalkers.Planning.Tests.Domain;

/// <summary>
/// The project rules every receiver of a project event applies to what it was sent, untrimmed: anyone who can reach
/// the broker can publish one. (Planning trims what a user types before these rules see it.)
/// </summary>
public sealed class ProjectRulesTests
{
    [Theory]
    [InlineData("main\n")]
    [InlineData("feature/x\n")]
    public void A_branch_name_with_a_trailing_newline_is_not_a_branch_name(string branch) =>
        Assert.False(ProjectRules.IsBranchName(branch));

    [Fact]
    public void A_name_or_id_with_a_trailing_newline_breaks_its_rule()
    {
        Assert.NotNull(ProjectRules.NameProblem("project\n"));
        Assert.NotNull(ProjectRules.IdProblem("V1StGXR8_Z5jdHi6B-myT\n"));
        Assert.Null(ProjectRules.IdProblem("V1StGXR8_Z5jdHi6B-myT"));
    }
}

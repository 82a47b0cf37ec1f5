using Codewalkers.Planning.Domain;
using Codewalkers.SharedKernel.Errors;

namespace Codewalkers.Planning.Tests.Domain;

public sealed class PageOrderTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UnixEpoch.AddDays(1);
    private readonly Page _root;
    private readonly List<Page> _pages;

    public PageOrderTests()
    {
        _root = Page.CreateRoot(Initiative.Create("Docs", "cw/docs", ExecutionMode.ReviewPerPhase, false, Now), Now);
        _pages = [_root];
    }

    private Page Add(string title, Page? parent = null, int? position = null)
    {
        parent ??= _root;
        var page = Page.Create(parent, title, null, null, Now);
        Page.Renumber(_pages.Where(p => p.ParentPageId == parent.Id), page, position, Now);
        _pages.Add(page);
        return page;
    }

    private string Children(Page parent) =>
        string.Join(
            " ", Page.InOrder(_pages.Where(p => p.ParentPageId == parent.Id)).Select(p => $"{p.Title}{p.SortOrder}"));

    [Fact]
    public void Pages_are_appended_by_default_and_one_inserted_at_k_shifts_the_ones_from_k_on()
    {
        Add("A");
        Add("B");
        Add("C");
        Add("X", position: 1);

        Assert.Equal("A0 X1 B2 C3", Children(_root));
    }

    [Fact]
    public void Moving_a_page_within_its_parent_renumbers_its_siblings_densely_and_touches_only_those_that_moved()
    {
        var a = Add("A");
        var b = Add("B");
        var c = Add("C");
        var d = Add("D");

        var shifted = d.MoveTo(_root, 1, _pages, Now);

        Assert.Equal("A0 D1 B2 C3", Children(_root));
        Assert.Equal(new[] { b.Id, c.Id }.Order(), shifted.Select(p => p.Id).Order());
        Assert.Equal((1, 2, 2), (a.Version, b.Version, d.Version));
    }

    [Fact]
    public void Moving_a_page_to_another_parent_closes_the_gap_it_leaves_and_past_the_end_means_last()
    {
        var a = Add("A");
        Add("B");
        var c = Add("C");
        Add("C1", c);

        a.MoveTo(c, 99, _pages, Now);

        Assert.Equal("B0 C1", Children(_root));
        Assert.Equal("C10 A1", Children(c));
    }

    [Fact]
    public void A_move_without_a_position_keeps_the_place_and_a_negative_position_is_refused()
    {
        Add("A");
        var b = Add("B");
        Add("C");

        b.MoveTo(_root, null, _pages, Now);

        Assert.Equal("A0 B1 C2", Children(_root));
        Assert.True(Assert.Throws<ValidationException>(() => b.MoveTo(_root, -1, _pages, Now))
            .Errors.ContainsKey("sortOrder"));
    }

    [Fact]
    public void Siblings_sharing_a_sortOrder_are_numbered_by_age_so_the_order_is_stable()
    {
        var first = Page.Create(_root, "First", null, 0, Now);
        var second = Page.Create(_root, "Second", null, 0, Now.AddSeconds(1));
        _pages.AddRange([second, first]);

        Page.Renumber(_pages.Where(p => p.ParentPageId == _root.Id), null, null, Now);

        Assert.Equal("First0 Second1", Children(_root));
    }
}

using Codewalkers.Contracts.Planning;
using Codewalkers.ServiceDefaults;
using Codewalkers.SharedKernel.Errors;

namespace Codewalkers.Planning.Domain;

/// <summary>
/// One document of an initiative's page tree. The root page (no parent) is created with the initiative.
/// </summary>
public sealed class Page : VersionedEntity
{
    public string InitiativeId { get; private set; } = "";
    public string? ParentPageId { get; private set; }
    public string Title { get; private set; } = "";
    /// <summary>Tiptap JSON.</summary>
    public string? Content { get; private set; }
    public int SortOrder { get; private set; }

    public bool IsRoot => ParentPageId is null;

    private Page() { }

    public static Page CreateRoot(Initiative initiative, DateTimeOffset now)
    {
        var page = new Page { InitiativeId = initiative.Id, Title = initiative.Name };
        page.Created(Ids.New(), now);
        return page;
    }

    public static Page Create(Page parent, string? title, string? content, int? sortOrder, DateTimeOffset now)
    {
        var page = new Page
        {
            InitiativeId = parent.InitiativeId,
            ParentPageId = parent.Id,
            Title = Guard.Name("title", title),
            Content = Guard.TiptapJson("content", content),
            SortOrder = Guard.SortOrder("sortOrder", sortOrder),
        };
        page.Created(Ids.New(), now);
        return page;
    }

    public void Edit(string? title, string? content, DateTimeOffset now)
    {
        if (title is not null) Title = Guard.Name("title", title);
        if (content is not null) Content = Guard.TiptapJson("content", content);
        Touch(now);
    }

    /// <summary>
    /// Moves under <paramref name="parent"/> (same initiative, not itself or a descendant) to <paramref
    /// name="position"/>
    /// among its new siblings (null: where it was when the parent stays, last under a new parent). Both the siblings it
    /// leaves and the ones it joins are renumbered 0, 1, 2, ...; <paramref name="pages"/> are all the initiative's
    /// pages.
    /// Returns the other pages whose sortOrder changed.
    /// </summary>
    public List<Page> MoveTo(Page parent, int? position, IReadOnlyCollection<Page> pages, DateTimeOffset now)
    {
        if (IsRoot) throw new ConflictException("The root page of an initiative cannot be moved.", "Root page");
        if (parent.InitiativeId != InitiativeId)
            throw new ValidationException("parentPageId", $"Page '{parent.Id}' belongs to another initiative.");
        Guard.SortOrder("sortOrder", position);
        var parentOf = pages.ToDictionary(p => p.Id, p => p.ParentPageId, StringComparer.Ordinal);
        for (string? ancestor = parent.Id; ancestor is not null; ancestor = parentOf.GetValueOrDefault(ancestor))
        {
            if (ancestor == Id)
                throw new ConflictException($"Page '{Title}' cannot move under '{parent.Title}': that page is " +
                    "inside it.", "Page cycle");
        }
        var shifted = new List<Page>();
        if (parent.Id != ParentPageId)
        {
            shifted.AddRange(Renumber(pages.Where(p => p.ParentPageId == ParentPageId && p.Id != Id), null, null, now));
            ParentPageId = parent.Id;
        }
        else
        {
            position ??= InOrder(pages.Where(p => p.ParentPageId == ParentPageId)).ToList().IndexOf(this);
        }
        shifted.AddRange(Renumber(pages.Where(p => p.ParentPageId == parent.Id && p.Id != Id), this, position, now));
        Touch(now);
        return shifted;
    }

    /// <summary>
    /// Siblings as shown: by sortOrder, then age, then id, so equal sortOrders (older data) still order the same way
    /// every time.
    /// </summary>
    public static IEnumerable<Page> InOrder(IEnumerable<Page> siblings) =>
        siblings.OrderBy(p => p.SortOrder).ThenBy(p => p.CreatedAt).ThenBy(p => p.Id, StringComparer.Ordinal);

    /// <summary>
    /// Numbers <paramref name="siblings"/> 0, 1, 2, ... in their order, with <paramref name="page"/> (when given, not
    /// among them) inserted at <paramref name="position"/> (null or past the end: last), so sortOrder stays dense and
    /// putting a page at k shifts the ones from k on. Touches and returns the siblings whose sortOrder changed; the
    /// inserted page only takes its number (its caller records its own change). <paramref name="changing"/> sees each
    /// sibling just before it changes, so a change set can snapshot it.
    /// </summary>
    public static List<Page> Renumber(IEnumerable<Page> siblings, Page? page, int? position, DateTimeOffset now,
        Action<Page>? changing = null)
    {
        var ordered = InOrder(siblings).ToList();
        if (page is not null) ordered.Insert(Math.Min(Guard.SortOrder("sortOrder", position ?? ordered.Count),
            ordered.Count), page);
        var shifted = new List<Page>();
        for (var i = 0; i < ordered.Count; i++)
        {
            var sibling = ordered[i];
            if (sibling.SortOrder == i) continue;
            if (sibling != page) changing?.Invoke(sibling);
            sibling.SortOrder = i;
            if (sibling == page) continue;
            sibling.Touch(now);
            shifted.Add(sibling);
        }
        return shifted;
    }

    /// <summary>This page's id and the ids of every page below it.</summary>
    public static HashSet<string> Subtree(string rootId, IEnumerable<(string Id, string? ParentId)> pages)
    {
        var children = pages.Where(p => p.ParentId is not null).ToLookup(p => p.ParentId!, p => p.Id);
        var subtree = new HashSet<string>(StringComparer.Ordinal) { rootId };
        var stack = new Stack<string>([rootId]);
        while (stack.Count > 0)
        {
            foreach (var child in children[stack.Pop()])
            {
                if (subtree.Add(child)) stack.Push(child);
            }
        }
        return subtree;
    }

    public PageSnapshot Snapshot()
        => new(Id, InitiativeId, ParentPageId, Title, Content, SortOrder, CreatedAt, UpdatedAt, Version);

    public static Page FromSnapshot(PageSnapshot s, DateTimeOffset now)
    {
        var page = new Page();
        page.Apply(s);
        page.Recreated(s.CreatedAt, s.Version, now);
        return page;
    }

    public void Restore(PageSnapshot s, DateTimeOffset now)
    {
        Apply(s);
        Touch(now);
    }

    protected override object CreatedEvent() =>
        new PageCreated(Id, InitiativeId, ParentPageId, Title, SortOrder, Version, UpdatedAt);

    protected override object UpdatedEvent() =>
        new PageUpdated(Id, InitiativeId, ParentPageId, Title, SortOrder, Version, UpdatedAt);

    protected override object DeletedEvent(DateTimeOffset at) => new PageDeleted(Id, InitiativeId, Version + 1, at);

    private void Apply(PageSnapshot s)
    {
        Id = s.Id;
        InitiativeId = s.InitiativeId;
        ParentPageId = s.ParentPageId;
        Title = s.Title;
        Content = s.Content;
        SortOrder = s.SortOrder;
    }
}

public sealed record PageSnapshot(
    string Id, string InitiativeId, string? ParentPageId, string Title, string? Content, int SortOrder,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, long Version);

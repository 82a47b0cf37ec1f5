using Codewalkers.ServiceDefaults;
using Codewalkers.ServiceDefaults.Errors;

namespace Codewalkers.Planning.Domain;

/// <summary>One document of an initiative's page tree. The root page (no parent) is created with the initiative.</summary>
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
    /// Moves under <paramref name="parent"/> (same initiative, not itself or a descendant) at <paramref name="sortOrder"/>.
    /// <paramref name="parentOf"/> maps every page of the initiative to its parent.
    /// </summary>
    public void MoveTo(Page parent, int? sortOrder, IReadOnlyDictionary<string, string?> parentOf, DateTimeOffset now)
    {
        if (IsRoot) throw new ConflictException("The root page of an initiative cannot be moved.", "Root page");
        if (parent.InitiativeId != InitiativeId)
            throw new ValidationException("parentPageId", $"Page '{parent.Id}' belongs to another initiative.");
        for (string? ancestor = parent.Id; ancestor is not null; ancestor = parentOf.GetValueOrDefault(ancestor))
        {
            if (ancestor == Id)
                throw new ConflictException($"Page '{Title}' cannot move under '{parent.Title}': that page is inside it.", "Page cycle");
        }
        ParentPageId = parent.Id;
        SortOrder = Guard.SortOrder("sortOrder", sortOrder ?? SortOrder);
        Touch(now);
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

    public PageSnapshot Snapshot() => new(Id, InitiativeId, ParentPageId, Title, Content, SortOrder, CreatedAt, UpdatedAt, Version);

    public static Page FromSnapshot(PageSnapshot s, DateTimeOffset now)
    {
        var page = new Page();
        page.Apply(s);
        page.CreatedAt = s.CreatedAt;
        page.Version = s.Version + 1; // past the version its delete event carried, so read models take the restore
        page.Touch(now);
        return page;
    }

    public void Restore(PageSnapshot s, DateTimeOffset now)
    {
        Apply(s);
        Touch(now);
    }

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

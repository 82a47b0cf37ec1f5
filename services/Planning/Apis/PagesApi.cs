using System.Text.Json;
using Codewalkers.Planning.Application;
using Codewalkers.Planning.Domain;
using Codewalkers.Planning.Infrastructure;
using Codewalkers.SharedKernel.Errors;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Planning.Apis;

public static class PagesApi
{
    /// <summary>
    /// Content is Tiptap JSON (an object, or a string holding one), or markdown, converted as agents' pages are.
    /// </summary>
    public sealed record CreatePageRequest(string? InitiativeId, string? ParentPageId, string? Title,
        JsonElement? Content, int? SortOrder, string? Markdown = null);

    public sealed record UpdatePageRequest(string? Title, JsonElement? Content, string? Markdown = null);

    public sealed record MovePageRequest(string? ParentPageId, int? SortOrder);

    public static IEndpointRouteBuilder MapPagesApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapPlanningGroup("/api/pages", "Pages");
        api.MapPost("/", CreateAsync).WithName("CreatePage")
            .WithSummary("Create a page under parentPageId (default: the initiative's root page) at position " +
                "sortOrder among its siblings (default: last); the siblings from there on shift down. Content must " +
                "be Tiptap JSON.");
        api.MapGet("/", ListAsync).WithName("ListPages")
            .WithSummary("The page tree of an initiative (initiativeId required): every page without content, by " +
                "parent then sortOrder.");
        api.MapGet("/{id}", GetAsync).WithName("GetPage").WithSummary("Get one page with its content.");
        api.MapPatch("/{id}", UpdateAsync).WithName("UpdatePage")
            .WithSummary("Change title and/or content (Tiptap JSON as content, or markdown as markdown).");
        api.MapPost("/{id}/move", MoveAsync).WithName("MovePage")
            .WithSummary("Move under another page of the same initiative and/or to position sortOrder among its " +
                "siblings (0 = first, past the end = last); siblings are renumbered 0, 1, 2, ... Never under itself " +
                "or its own subtree.");
        api.MapDelete("/{id}", DeleteAsync).WithName("DeletePage")
            .WithSummary("Delete the page and its whole subtree (not the root page); the siblings after it move up.");
        return routes;
    }

    private static async Task<Created<PageResponse>> CreateAsync(
        CreatePageRequest request, PlanningDbContext db, TimeProvider clock, PlanWriteGate gate,
            CancellationToken cancellationToken)
    {
        // Under the gate: two pages added side by side would otherwise take the same place among their siblings.
        using var _ = await gate.EnterAsync(cancellationToken);
        var content = ContentText(request.Content, request.Markdown);
        Page parent;
        if (request.ParentPageId is not null)
        {
            parent = await db.Pages.FirstOrDefaultAsync(p => p.Id == request.ParentPageId, cancellationToken)
                ?? throw new NotFoundException("Page", request.ParentPageId);
            if (request.InitiativeId is not null && request.InitiativeId != parent.InitiativeId)
                throw new ValidationException("parentPageId", $"Page '{parent.Id}' belongs to another initiative.");
        }
        else
        {
            var initiativeId = Guard.Id("initiativeId", request.InitiativeId);
            parent = await db.Pages.FirstOrDefaultAsync(p => p.InitiativeId == initiativeId && p.ParentPageId == null,
                cancellationToken)
                ?? throw new NotFoundException("Initiative", initiativeId);
        }
        var now = clock.GetUtcNow();
        var page = Page.Create(parent, request.Title, content, request.SortOrder, now);
        var siblings = await db.Pages.Where(p => p.ParentPageId == parent.Id).ToListAsync(cancellationToken);
        Page.Renumber(siblings, page, request.SortOrder, now);
        db.Pages.Add(page);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/pages/{page.Id}", PageResponse.From(page));
    }

    private static async Task<Ok<PageSummary[]>> ListAsync(string? initiativeId, PlanningDbContext db,
        CancellationToken cancellationToken)
    {
        var id = Guard.Id("initiativeId", initiativeId);
        if (!await db.Initiatives.AnyAsync(i => i.Id == id,
            cancellationToken)) throw new NotFoundException("Initiative", id);
        var pages = await db.Pages.AsNoTracking().Where(p => p.InitiativeId == id)
            .OrderBy(p => p.ParentPageId).ThenBy(p => p.SortOrder).ThenBy(p => p.CreatedAt)
            .Select(p => new PageSummary(p.Id, p.ParentPageId, p.Title, p.SortOrder, p.Version))
                .ToArrayAsync(cancellationToken);
        return TypedResults.Ok(pages);
    }

    private static async Task<Ok<PageResponse>> GetAsync(string id, PlanningDbContext db,
        CancellationToken cancellationToken) =>
        TypedResults.Ok(PageResponse.From(await db.Pages.AsNoTracking()
            .FirstOrDefaultAsync(p => p.Id == id, cancellationToken)
            ?? throw new NotFoundException("Page", id)));

    private static async Task<Ok<PageResponse>> UpdateAsync(string id, UpdatePageRequest request, PlanningDbContext db,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        var page = await LoadAsync(db, id, cancellationToken);
        page.Edit(request.Title, ContentText(request.Content, request.Markdown), clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(PageResponse.From(page));
    }

    /// <summary>The Tiptap JSON to store: given as such, or made from markdown; never both.</summary>
    private static string? ContentText(JsonElement? content, string? markdown)
    {
        var tiptap = ApiSupport.ContentText("content", content);
        if (markdown is null) return tiptap;
        if (tiptap is not null) throw new ValidationException("markdown", "Give content or markdown, not both.");
        return MarkdownDocument.ToTiptap(markdown);
    }

    private static async Task<Ok<PageResponse>> MoveAsync(
        string id, MovePageRequest request, PlanningDbContext db, TimeProvider clock, PlanWriteGate gate,
            CancellationToken cancellationToken)
    {
        using var _ = await gate.EnterAsync(cancellationToken);
        var page = await LoadAsync(db, id, cancellationToken);
        var parentId = request.ParentPageId ?? page.ParentPageId;
        if (parentId is null) throw new ConflictException("The root page of an initiative cannot be moved.",
            "Root page");
        var parent = await db.Pages.FirstOrDefaultAsync(p => p.Id == parentId, cancellationToken)
            ?? throw new NotFoundException("Page", parentId);
        // Tracked: the pages it leaves and joins are renumbered with it.
        var pages = await db.Pages.Where(p => p.InitiativeId == page.InitiativeId).ToListAsync(cancellationToken);
        page.MoveTo(parent, request.SortOrder, pages, clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(PageResponse.From(page));
    }

    private static async Task<NoContent> DeleteAsync(string id, PlanningDbContext db, TimeProvider clock,
        PlanWriteGate gate, CancellationToken cancellationToken)
    {
        using var _ = await gate.EnterAsync(cancellationToken);
        var initiativeId = await db.Pages.Where(p => p.Id == id).Select(p => p.InitiativeId)
            .FirstOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException("Page", id);
        var graph = await InitiativeGraph.LoadAsync(db, initiativeId, clock.GetUtcNow(), cancellationToken);
        graph.DeletePage(graph.Pages[id]);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Page> LoadAsync(PlanningDbContext db, string id, CancellationToken cancellationToken) =>
        await db.Pages.FirstOrDefaultAsync(p => p.Id == id, cancellationToken)
            ?? throw new NotFoundException("Page", id);
}

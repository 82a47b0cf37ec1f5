using System.Text.Json;
using Spectre.Console;

namespace Codewalkers.Cli.Core;

/// <summary>
/// The API's paged lists (<c>{"items": [...], "total", "skip", "take"}</c>): JSON prints the answer unchanged, a
/// person gets the items as a table and a note when the list goes on beyond this page.
/// </summary>
public static class PagedOutput
{
    public static void PagedTable(this Output output, JsonElement answer, string emptyText, params Column[] columns)
    {
        if (output.IsJson)
        {
            output.WriteJson(answer);
            return;
        }
        var items = Json.Find(answer, "items") ?? default;
        output.Table(items, emptyText, columns);
        var shown = items.ValueKind == JsonValueKind.Array ? items.GetArrayLength() : 0;
        var total = Json.Int(answer, "total");
        if (shown > 0 && total > shown)
            output.Console.WriteLine($"Showing {shown} of {total}; narrow the list with its filters.");
    }
}

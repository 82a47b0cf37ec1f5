using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using Codewalkers.Cli.Core;

namespace Codewalkers.Cli.Commands;

/// <summary>
/// `cw page`: an initiative's documents. They are stored as Tiptap JSON (the web editor's format); here they read and
/// edit as markdown, converted as Planning converts what agents write (inline marks become plain text).
/// </summary>
public sealed class PageCommands : ICommandGroup
{
    private static readonly string[] Formats = ["auto", "markdown", "tiptap"];

    public Command Build() => new("page", "Read and edit an initiative's pages (its documents).")
    {
        List(), Get(), Edit(),
    };

    private static Command List()
    {
        var initiative = new Option<string>("--initiative")
        {
            HelpName = "initiative-id",
            Description = "The initiative whose pages to list.",
            Required = true,
        };
        return new Command("list", "List an initiative's pages as a tree (titles indented under their parent).")
        {
            initiative,
        }.Does(async (context, parse, ct) =>
        {
            var pages = await context.Api.GetAsync(
                QueryString.Path("api/pages", ("initiativeId", parse.GetRequiredValue(initiative))), ct);
            var depth = Depths(pages);
            context.Output.Result(pages, () => context.Output.Table(Ordered(pages), "No pages.",
                new Column("ID", "id"),
                new Column("TITLE", p => new string(' ', 2 * depth.GetValueOrDefault(Json.String(p, "id") ?? ""))
                    + Json.Text(p, "title")),
                new Column("VERSION", "version")));
        });
    }

    private static Command Get()
    {
        var id = Arguments.Id("page");
        var format = new Option<string>("--format")
        {
            Description = "How to print the content: markdown, or the stored Tiptap JSON.",
            DefaultValueFactory = _ => "markdown",
        }.AcceptOnlyFromAmong("markdown", "tiptap");
        return new Command("get", "Print a page's content as markdown (--json: the whole page as the API has it).")
        {
            id, format,
        }.Does(async (context, parse, ct) =>
        {
            var page = await context.Api.GetAsync($"api/pages/{Uri.EscapeDataString(parse.GetRequiredValue(id))}", ct);
            context.Output.Result(page, () => context.Host.Out.WriteLine(parse.GetValue(format) == "tiptap"
                ? Json.Find(page, "content")?.GetRawText() ?? ""
                : Markdown(page)));
        });
    }

    private static Command Edit()
    {
        var id = Arguments.Id("page");
        var title = new Option<string?>("--title") { HelpName = "title", Description = "The page's new title." };
        var file = new Option<string?>("--file")
        {
            HelpName = "path",
            Description = "A UTF-8 file with the new content (markdown, or Tiptap JSON when it ends in .json or " +
                "starts with '{'; see --format). It must not be empty: clear a page with --content \"\".",
        };
        var content = new Option<string?>("--content")
        {
            HelpName = "text",
            Description = "The new content itself (markdown, or Tiptap JSON starting with '{'; see --format).",
        };
        var format = FormatOption("How --file, --content or the edited text is read: markdown, Tiptap JSON, " +
            "or auto (Tiptap JSON for a .json file or text starting with '{', markdown otherwise).");
        var command = new Command("edit",
            "Change a page's title and/or content. Without --file or --content (and without --title alone) the " +
            "content opens in $VISUAL or $EDITOR as markdown, on a terminal; saving it unchanged or empty changes " +
            "nothing.")
        {
            id, title, file, content, format,
        };
        command.Validators.Add(result =>
        {
            if (result.GetResult(file) is not null && result.GetResult(content) is not null)
                result.AddError("Give either --file or --content, not both.");
        });
        return command.Does(async (context, parse, ct) =>
        {
            var pageId = parse.GetRequiredValue(id);
            var path = $"api/pages/{Uri.EscapeDataString(pageId)}";
            var newTitle = parse.GetValue(title);
            var how = parse.GetValue(format) ?? "auto";
            (string Field, object Value)? document = null;
            if (parse.GetValue(file) is { } filePath)
            {
                var text = TextFile.Read(filePath);
                if (text.Trim().Length == 0)
                    throw CliException.Usage($"File '{filePath}' is empty; to clear the page pass --content \"\".");
                document = Document(text, how, filePath.EndsWith(".json", StringComparison.OrdinalIgnoreCase),
                    $"File '{filePath}'");
            }
            else if (parse.GetValue(content) is { } given) document = Document(given, how, false, "--content");
            else if (newTitle is null)
            {
                var edited = await EditInEditorAsync(context, path, pageId, how, ct);
                if (edited is null) return ExitCodes.Success;
                document = edited;
            }
            var page = await context.Api.PatchAsync(path,
                RequestBody.Of(("title", newTitle), (document?.Field ?? "content", document?.Value)), ct);
            context.Output.Done(page, $"Page {Json.Text(page, "title")} saved (version {Json.Text(page, "version")}).");
            return ExitCodes.Success;
        });
    }

    private static Option<string> FormatOption(string description) => new Option<string>("--format")
    {
        Description = description,
        DefaultValueFactory = _ => "auto",
    }.AcceptOnlyFromAmong(Formats);

    /// <summary>
    /// The content to send: Tiptap JSON as given (it must be a JSON object) as <c>content</c>, or markdown as
    /// <c>markdown</c>, which Planning converts as it converts agents' pages.
    /// </summary>
    internal static (string Field, object Value) Document(string text, string format, bool jsonFile, string what)
    {
        var tiptap = format == "tiptap" || (format == "auto" && (jsonFile || text.TrimStart().StartsWith('{')));
        if (!tiptap) return ("markdown", text);
        try
        {
            using var parsed = JsonDocument.Parse(text);
            return parsed.RootElement.ValueKind == JsonValueKind.Object
                ? ("content", parsed.RootElement.Clone())
                : throw CliException.Usage($"{what} is not a Tiptap document: a JSON object is expected, not " +
                    $"{parsed.RootElement.ValueKind.ToString().ToLowerInvariant()}.");
        }
        catch (JsonException e)
        {
            var why = e.Message.Split(" Path:")[0].TrimEnd('.');
            throw CliException.Usage($"{what} is not valid Tiptap JSON ({why}); pass --format markdown to send it " +
                "as markdown.");
        }
    }

    /// <summary>
    /// The current content in the user's editor as markdown (as Tiptap JSON with --format tiptap); null when nothing
    /// changed or the text was emptied (the page stays as it was).
    /// </summary>
    private static async Task<(string Field, object Value)?> EditInEditorAsync(
        CliContext context, string path, string pageId, string format, CancellationToken ct)
    {
        if (!context.Host.Interactive)
            throw CliException.Usage("No terminal to open an editor on: pass --file <path> or --content <text>.");
        var page = await context.Api.GetAsync(path, ct);
        var tiptap = format == "tiptap";
        var before = tiptap
            ? JsonSerializer.Serialize(Json.Find(page, "content") ?? default,
                new JsonSerializerOptions { WriteIndented = true })
            : Markdown(page);
        var file = Path.Combine(Path.GetTempPath(), $"cw-page-{SafeName(pageId)}-{Guid.NewGuid():N}" +
            (tiptap ? ".json" : ".md"));
        await File.WriteAllTextAsync(file, before + "\n", ct);
        try
        {
            await RunEditorAsync(context.Host, file, ct);
            var after = TextFile.Read(file, "The edited file");
            if (after.Trim().Length == 0)
            {
                context.Host.Error.WriteLine("cw: the edited text is empty; page not changed.");
                return null;
            }
            if (after.TrimEnd() == before.TrimEnd())
            {
                context.Host.Error.WriteLine("cw: no change; page not changed.");
                return null;
            }
            return Document(after, tiptap ? "tiptap" : "markdown", tiptap, "The edited text");
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>
    /// $VISUAL, else $EDITOR, else vi (notepad on Windows), run through the shell so "code --wait" works.
    /// </summary>
    private static async Task RunEditorAsync(CliHost host, string file, CancellationToken ct)
    {
        var editor = host.Environment("VISUAL") is { Length: > 0 } visual ? visual
            : host.Environment("EDITOR") is { Length: > 0 } set ? set
            : OperatingSystem.IsWindows() ? "notepad" : "vi";
        var start = OperatingSystem.IsWindows()
            ? new ProcessStartInfo("cmd.exe") { ArgumentList = { "/c", $"{editor} \"{file}\"" } }
            : new ProcessStartInfo("/bin/sh") { ArgumentList = { "-c", $"{editor} \"$1\"", "sh", file } };
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException();
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            throw CliException.Usage($"Cannot start the editor '{editor}': set VISUAL or EDITOR, or pass --file.");
        }
        using (process)
        {
            await process.WaitForExitAsync(ct);
            if (process.ExitCode != 0)
                throw new CliException(ExitCodes.Failure,
                    $"The editor '{editor}' exited with {process.ExitCode}; page not changed.");
        }
    }

    private static string Markdown(JsonElement page) => Json.String(page, "markdown") ?? "";

    private static string SafeName(string id) => string.Concat(id.Where(char.IsAsciiLetterOrDigit).Take(40));

    /// <summary>Depth of each page below the root page.</summary>
    private static Dictionary<string, int> Depths(JsonElement pages)
    {
        var parents = Json.Items(pages)
            .ToDictionary(p => Json.String(p, "id") ?? "", p => Json.String(p, "parentPageId"));
        var depth = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var id in parents.Keys)
        {
            var (level, at) = (0, parents[id]);
            while (at is not null && level < 100 && parents.TryGetValue(at, out var up)) (level, at) = (level + 1, up);
            depth[id] = level;
        }
        return depth;
    }

    /// <summary>The pages depth first (each under its parent, siblings by sortOrder), as the tree reads.</summary>
    private static JsonElement Ordered(JsonElement pages)
    {
        var all = Json.Items(pages).ToList();
        var children = all.ToLookup(p => Json.String(p, "parentPageId") ?? "", StringComparer.Ordinal);
        var ids = all.Select(p => Json.String(p, "id")).ToHashSet();
        var ordered = new List<JsonElement>();
        void Visit(JsonElement page)
        {
            ordered.Add(page);
            foreach (var child in children[Json.String(page, "id") ?? ""].OrderBy(c => Json.Int(c, "sortOrder")))
                Visit(child);
        }
        foreach (var root in all.Where(p => Json.String(p, "parentPageId") is not { } parent || !ids.Contains(parent)))
            Visit(root);
        return JsonSerializer.SerializeToElement(ordered);
    }
}

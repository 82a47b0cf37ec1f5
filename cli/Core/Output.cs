using System.Text.Encodings.Web;
using System.Text.Json;
using Spectre.Console;

namespace Codewalkers.Cli.Core;

/// <summary>
/// Where results go: JSON (<c>--json</c>, and always for agents) prints the API's answer unchanged, so its field
/// names are the API's; otherwise tables and short lines for a person, through Spectre.Console.
/// </summary>
public sealed class Output
{
    // Printed for people and scripts alike: '+' and non-ASCII as themselves, not \u escapes.
    private static readonly JsonSerializerOptions Indented = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
    private readonly CliHost _host;

    public Output(CliHost host, bool json)
    {
        _host = host;
        IsJson = json;
        Console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(host.Out),
            Ansi = host.Interactive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = host.Interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = host.Interactive ? InteractionSupport.Yes : InteractionSupport.No,
        });
        // Piped output is read by scripts and people alike: no wrapping at a guessed width.
        if (!host.Interactive) Console.Profile.Width = 4096;
    }

    public bool IsJson { get; }

    /// <summary>For people: tables, progress, prompts. Never used for JSON.</summary>
    public IAnsiConsole Console { get; }

    /// <summary>Prints <paramref name="value"/> as JSON, or calls <paramref name="human"/>.</summary>
    public void Result(JsonElement value, Action human)
    {
        if (IsJson) WriteJson(value);
        else human();
    }

    public void WriteJson(JsonElement value) =>
        _host.Out.WriteLine(value.ValueKind == JsonValueKind.Undefined ? "{}" : JsonSerializer.Serialize(value, Indented));

    public void WriteJson<T>(T value) => _host.Out.WriteLine(JsonSerializer.Serialize(value, Indented));

    /// <summary>A list as a table with the given columns; "No X." when empty.</summary>
    public void Table(JsonElement items, string emptyText, params Column[] columns)
    {
        if (IsJson)
        {
            WriteJson(items);
            return;
        }
        var rows = items.ValueKind == JsonValueKind.Array ? items.EnumerateArray().ToList() : [];
        if (rows.Count == 0)
        {
            Console.WriteLine(emptyText);
            return;
        }
        var table = new Table().Border(TableBorder.Simple);
        foreach (var column in columns) table.AddColumn(new TableColumn(column.Header));
        foreach (var row in rows) table.AddRow(columns.Select(c => (Spectre.Console.Rendering.IRenderable)new Text(c.Read(row))).ToArray());
        Console.Write(table);
    }

    /// <summary>One object as "name  value" lines.</summary>
    public void Fields(JsonElement item, params Column[] fields)
    {
        if (IsJson)
        {
            WriteJson(item);
            return;
        }
        var grid = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        foreach (var field in fields) grid.AddRow(new Text(field.Header + ":"), new Text(field.Read(item)));
        Console.Write(grid);
    }

    /// <summary>A confirmation for people; in JSON mode the API's answer instead.</summary>
    public void Done(JsonElement answer, string line)
    {
        if (IsJson) WriteJson(answer);
        else Console.WriteLine(line);
    }
}

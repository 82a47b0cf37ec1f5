using Spectre.Console;

namespace Codewalkers.Cli.Watch;

/// <summary>The colour of a plan status, the same in the tree and the watch.</summary>
public static class StatusStyle
{
    public static string Color(string status) => status switch
    {
        "completed" => "green",
        "in_progress" or "quality_review" => "blue",
        "blocked" => "red",
        "pending_review" => "yellow",
        _ => "grey",
    };

    public static string Markup(string status) => $"[{Color(status)}]{Spectre.Console.Markup.Escape(status)}[/]";
}

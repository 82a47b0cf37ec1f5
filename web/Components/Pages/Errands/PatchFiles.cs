namespace Codewalkers.Web.Components.Pages.Errands;

/// <summary>A unified patch cut into its files, so each can be folded on its own.</summary>
public static class PatchFiles
{
    public sealed record PatchFile(string Path, string Status, IReadOnlyList<string> Lines);

    public static IReadOnlyList<PatchFile> Split(Api.ErrandDiff diff)
    {
        var files = new List<PatchFile>();
        List<string>? lines = null;
        foreach (var line in diff.Patch.ReplaceLineEndings("\n").Split('\n'))
        {
            if (line.StartsWith("diff --git ", StringComparison.Ordinal))
            {
                lines = [];
                files.Add(new PatchFile(PathOf(line, diff), StatusOf(PathOf(line, diff), diff), lines));
            }
            else lines?.Add(line);
        }
        return files;
    }

    public static string Tone(string line) =>
        line.StartsWith('+') && !line.StartsWith("+++", StringComparison.Ordinal) ? "added"
        : line.StartsWith('-') && !line.StartsWith("---", StringComparison.Ordinal) ? "removed" : "";

    /// <summary>The mark beside a line, so an added or removed line reads as such without its colour.</summary>
    public static string Sign(string line) => Tone(line) switch { "added" => "+", "removed" => "−", _ => "" };

    /// <summary>"diff --git a/x b/x": the b side, matched against the listed files when a path holds " b/".</summary>
    private static string PathOf(string header, Api.ErrandDiff diff)
    {
        var listed = diff.Files.FirstOrDefault(f => header.EndsWith($" b/{f.Path}", StringComparison.Ordinal));
        if (listed is not null) return listed.Path;
        var at = header.LastIndexOf(" b/", StringComparison.Ordinal);
        return at < 0 ? header["diff --git ".Length..] : header[(at + 3)..];
    }

    private static string StatusOf(string path, Api.ErrandDiff diff) =>
        diff.Files.FirstOrDefault(f => f.Path == path)?.Status ?? "";
}

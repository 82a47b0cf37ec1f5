namespace Codewalkers.Planning.Architects;

/// <summary>One parsed output file, with the problems found in it so far.</summary>
internal sealed class OutputFile(string path, string id, FrontMatterFile parsed)
{
    public string Path { get; } = path;
    /// <summary>The agent's id for it: the front matter's id, else the file name without .md.</summary>
    public string Id { get; } = id;
    public FrontMatterFile Parsed { get; } = parsed;
    public List<string> Problems { get; } = [];

    public void Problem(string problem) => Problems.Add($"{Path}: {problem}");
}

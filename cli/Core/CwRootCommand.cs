using System.CommandLine;

namespace Codewalkers.Cli.Core;

/// <summary>
/// `cw` itself: the options every command takes, and every <see cref="ICommandGroup"/> in this assembly.
/// </summary>
public sealed class CwRootCommand : RootCommand
{
    public CwRootCommand(CliHost host)
        : base("cw: the Codewalkers command line. Plans initiatives with architect agents, runs execution agents " +
            "on your git projects and merges their work, through the gateway of a running system (./run.sh).")
    {
        Host = host;
        Options.Add(Api);
        Options.Add(Json);
        foreach (var group in typeof(CwRootCommand).Assembly.GetTypes()
                     .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(ICommandGroup).IsAssignableFrom(t))
                     .Select(t => ((ICommandGroup)Activator.CreateInstance(t)!).Build())
                     .OrderBy(c => c.Name, StringComparer.Ordinal))
            Subcommands.Add(group);
    }

    public CliHost Host { get; }

    public Option<string?> Api { get; } = new("--api")
    {
        Description = $"Gateway address (default: $CW_API_URL, else {Connection.DefaultApiUrl}).",
        Recursive = true,
    };

    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Print the API's JSON answer instead of tables (always on for agents).",
        Recursive = true,
    };
}

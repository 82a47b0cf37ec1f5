using System.CommandLine;

namespace Codewalkers.Cli.Core;

/// <summary>
/// One top-level command of `cw` (project, initiative, agent, ...) with its subcommands. Adding a command is
/// adding one class that implements this: <see cref="CwRootCommand"/> finds every implementation.
/// </summary>
public interface ICommandGroup
{
    Command Build();
}

using Codewalkers.Agents.Domain;
using Codewalkers.Agents.Supervision;
using Codewalkers.ServiceDefaults;
using Microsoft.Extensions.Options;

namespace Codewalkers.Agents.Runners;

/// <summary>
/// Which runner this process is (<c>Agents:RunnerId</c>) and where its workspace is: every clone, worktree and agent
/// directory it makes lives there, so two runners on one machine never share a git clone.
/// </summary>
public sealed class ThisRunner
{
    public ThisRunner(IOptions<AgentsOptions> options, CodewalkersHome home)
    {
        Id = options.Value.RunnerId;
        Runner.EnsureValidId(Id);
        WorkspaceDirectory = options.Value.WorkspaceDirectory is { Length: > 0 } configured
            ? Path.GetFullPath(configured)
            : Id == Runner.DefaultId ? home.WorkspaceDirectory : Path.Combine(home.Root, "runners", Id, "workspace");
    }

    public string Id { get; }
    public string WorkspaceDirectory { get; }
}

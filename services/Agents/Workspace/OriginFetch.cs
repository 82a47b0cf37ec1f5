namespace Codewalkers.Agents.Workspace;

/// <summary>Whether a clone that exists already is fetched before use (a clone just made is current anyway).</summary>
public enum OriginFetch
{
    /// <summary>Nothing is read from origin: the clone's local branches are ours, and authoritative.</summary>
    None,
    /// <summary>
    /// A read of the workspace API: a fetch of the last <see cref="ProjectClones.FetchReuse"/> is recent enough.
    /// </summary>
    IfStale,
    /// <summary>
    /// Origin's current state is read (its default branch's tip, a branch only origin has); a failed fetch works on
    /// what was fetched before.
    /// </summary>
    Always,
    /// <summary>A push follows: a failed fetch is an error.</summary>
    Required,
}

namespace Codewalkers.Errands.Domain;

/// <summary>
/// Errands' read model of a Planning project, kept current from Planning's project events. A deleted project stays as
/// a tombstone carrying its last version, so a late, older event cannot bring it back.
/// </summary>
public sealed class ProjectView
{
    public string Id { get; private set; } = "";
    public string Name { get; private set; } = "";
    public string Url { get; private set; } = "";
    public string DefaultBranch { get; private set; } = "";
    public long Version { get; private set; }
    public bool IsDeleted { get; private set; }

    private ProjectView() { }

    public static ProjectView Create(string id, string name, string url, string defaultBranch, long version) =>
        new() { Id = id, Name = name, Url = url, DefaultBranch = defaultBranch, Version = version };

    public static ProjectView Tombstone(string id, long version) =>
        new() { Id = id, Version = version, IsDeleted = true };

    /// <summary>Applies a newer version; an older or repeated one is ignored so state never moves backwards.</summary>
    public bool Apply(string name, string url, string defaultBranch, long version)
    {
        if (version <= Version) return false;
        (Name, Url, DefaultBranch, Version) = (name, url, defaultBranch, version);
        return true;
    }

    public bool Delete(long version)
    {
        if (version <= Version) return false;
        (Version, IsDeleted) = (version, true);
        return true;
    }
}

using Codewalkers.SharedKernel;

namespace Codewalkers.Planning.Domain;

/// <summary>Base of every planning entity: its id, timestamps and the per-entity Version every event carries.</summary>
public abstract class VersionedEntity
{
    public string Id { get; protected set; } = "";
    public DateTimeOffset CreatedAt { get; protected set; }
    public DateTimeOffset UpdatedAt { get; protected set; }
    public long Version { get; protected set; }

    protected void Created(string id, DateTimeOffset now)
    {
        now = now.TruncatedForStorage();
        Id = id;
        CreatedAt = now;
        UpdatedAt = now;
        Version = 1;
    }

    /// <summary>Every change bumps the version, so a consumer can tell a newer state from an older one.</summary>
    protected internal void Touch(DateTimeOffset now)
    {
        UpdatedAt = now.TruncatedForStorage();
        Version++;
    }
}

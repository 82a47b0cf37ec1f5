using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Codewalkers.Persistence;

/// <summary>
/// Stores timestamps as UTC unix milliseconds. SQLite cannot order or compare DateTimeOffset columns,
/// and integers keep the model portable to other providers.
/// </summary>
public sealed class UnixMillisecondsConverter() : ValueConverter<DateTimeOffset, long>(
    value => value.ToUnixTimeMilliseconds(),
    value => DateTimeOffset.FromUnixTimeMilliseconds(value))
{
    public static readonly UnixMillisecondsConverter Instance = new();

    public static readonly ValueConverter<DateTimeOffset?, long?> Nullable = new(
        value => value.HasValue ? value.Value.ToUnixTimeMilliseconds() : null,
        value => value.HasValue ? DateTimeOffset.FromUnixTimeMilliseconds(value.Value) : null);
}

public static class TimestampConventions
{
    /// <summary>Every DateTimeOffset property of the model is stored as unix milliseconds.</summary>
    public static ModelConfigurationBuilder StoreTimestampsAsUnixMilliseconds(
        this ModelConfigurationBuilder configuration)
    {
        configuration.Properties<DateTimeOffset>().HaveConversion<UnixMillisecondsConverter>();
        configuration.Properties<DateTimeOffset?>().HaveConversion<UnixMillisecondsConverter>();
        return configuration;
    }
}

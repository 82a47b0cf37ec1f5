using Npgsql;

namespace Codewalkers.Persistence;

/// <summary>
/// PostgreSQL's errors as EF surfaces them: wrapped in a DbUpdateException, and that in turn in an
/// InvalidOperationException when the provider's execution strategy deems the error transient.
/// </summary>
public static class PostgresFailures
{
    /// <summary>The PostgreSQL error somewhere in the exception's chain, if any.</summary>
    public static PostgresException? Find(Exception exception)
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
            if (current is PostgresException postgres) return postgres;
        return null;
    }

    /// <summary>
    /// The transaction lost to a concurrent one (serialization failure, deadlock) and was rolled back: running the
    /// whole unit of work again, on fresh data, is the remedy PostgreSQL documents.
    /// </summary>
    public static bool IsLostRace(Exception exception) => Find(exception)?.SqlState
        is PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected;
}

using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Codewalkers.Persistence;

/// <summary>
/// Safety net for races the handlers' own checks cannot close: a write that lost to a concurrent one (same Version
/// token, same unique value, or a row it refers to deleted meanwhile) is the caller's conflict (409), not a server
/// error, and nothing of it was written. SQLite serialises writers, so there the loser sees the winner's row; under
/// PostgreSQL writers run side by side, and a lost race can also end as a serialization failure, a deadlock or a lock
/// it could not get: the same conflict to the caller. Also the last net under <see cref="ColumnLengthGuard"/>: a text
/// too long for its column that still reached PostgreSQL (22001, e.g. written by raw SQL) is the caller's 400.
/// </summary>
internal sealed class WriteConflictExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    private const int SqliteConstraint = 19;

    private const string ChangedAtTheSameMoment =
        "Another request changed the same record at the same moment; nothing was written by this one. "
        + "Reload and retry.";
    private const string CreatedAtTheSameMoment =
        "Another request created the same record at the same moment; nothing was written by this one.";
    private const string DeletedAtTheSameMoment =
        "Something this request refers to was deleted at the same moment; nothing was written. Reload and retry.";

    private const string TooLong =
        "A value is longer than its field allows; nothing was written. Shorten the text fields and retry.";

    public async ValueTask<bool> TryHandleAsync(
        HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (PostgresFailures.Find(exception) is { SqlState: PostgresErrorCodes.StringDataRightTruncation })
        {
            return await WriteAsync(
                context, exception, StatusCodes.Status400BadRequest, "The request is invalid", TooLong);
        }
        var detail = exception switch
        {
            DbUpdateConcurrencyException => ChangedAtTheSameMoment,
            DbUpdateException { InnerException: SqliteException { SqliteErrorCode: SqliteConstraint } sqlite }
                when sqlite.Message.Contains("UNIQUE", StringComparison.Ordinal) => CreatedAtTheSameMoment,
            DbUpdateException { InnerException: SqliteException { SqliteErrorCode: SqliteConstraint } sqlite }
                when sqlite.Message.Contains("FOREIGN KEY", StringComparison.Ordinal) => DeletedAtTheSameMoment,
            _ when PostgresFailures.Find(exception) is { } postgres => Postgres(postgres),
            _ => null,
        };
        return detail is not null
            && await WriteAsync(context, exception, StatusCodes.Status409Conflict, "Conflict", detail);
    }

    private async ValueTask<bool> WriteAsync(
        HttpContext context, Exception exception, int status, string title, string detail)
    {
        context.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        });
    }

    /// <summary>The PostgreSQL errors that mean "lost a race with another writer" (SQLSTATE codes).</summary>
    private static string? Postgres(PostgresException exception) => exception.SqlState switch
    {
        PostgresErrorCodes.UniqueViolation => CreatedAtTheSameMoment,
        PostgresErrorCodes.ForeignKeyViolation => DeletedAtTheSameMoment,
        PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected
            or PostgresErrorCodes.LockNotAvailable => ChangedAtTheSameMoment,
        _ => null,
    };
}

using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Persistence;

/// <summary>
/// Safety net for races the handlers' own checks cannot close: a write that lost to a concurrent one (same Version
/// token, same unique value, or a row it refers to deleted meanwhile) is the caller's conflict (409), not a server
/// error, and nothing of it was written.
/// </summary>
internal sealed class WriteConflictExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    private const int SqliteConstraint = 19;

    public async ValueTask<bool> TryHandleAsync(
        HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var detail = exception switch
        {
            DbUpdateConcurrencyException =>
                "Another request changed the same record at the same moment; nothing was written by this one. "
                + "Reload and retry.",
            DbUpdateException { InnerException: SqliteException { SqliteErrorCode: SqliteConstraint } sqlite }
                when sqlite.Message.Contains("UNIQUE", StringComparison.Ordinal) =>
                "Another request created the same record at the same moment; nothing was written by this one.",
            DbUpdateException { InnerException: SqliteException { SqliteErrorCode: SqliteConstraint } sqlite }
                when sqlite.Message.Contains("FOREIGN KEY", StringComparison.Ordinal) =>
                "Something this request refers to was deleted at the same moment; nothing was written. "
                + "Reload and retry.",
            _ => null,
        };
        if (detail is null) return false;

        context.Response.StatusCode = StatusCodes.Status409Conflict;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails = { Status = StatusCodes.Status409Conflict, Title = "Conflict", Detail = detail },
        });
    }
}

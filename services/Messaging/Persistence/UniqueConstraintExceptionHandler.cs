using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Messaging.Persistence;

/// <summary>
/// Safety net for races the handlers' own checks cannot close: a write that loses to a concurrent one on a unique
/// index is the caller's conflict (409), not a server error.
/// </summary>
internal sealed class UniqueConstraintExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    private const int SqliteConstraint = 19;

    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not DbUpdateException { InnerException: SqliteException { SqliteErrorCode: SqliteConstraint } sqlite }
            || !sqlite.Message.Contains("UNIQUE", StringComparison.Ordinal))
        {
            return false;
        }

        context.Response.StatusCode = StatusCodes.Status409Conflict;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails =
            {
                Status = StatusCodes.Status409Conflict,
                Title = "Conflict",
                Detail = "Another request created the same record at the same moment; nothing was written by this one.",
            },
        });
    }
}

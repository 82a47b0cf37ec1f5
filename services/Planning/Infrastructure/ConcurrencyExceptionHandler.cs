using Microsoft.AspNetCore.Diagnostics;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Planning.Infrastructure;

/// <summary>
/// Two requests changed the same entity at once (its Version is a concurrency token), or one removed what the other
/// was writing under: the loser gets a 409 to retry, not a 500, and nothing of it was written.
/// </summary>
internal sealed class ConcurrencyExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var detail = exception switch
        {
            DbUpdateConcurrencyException => "Another request changed the same record at the same moment; nothing was written by this one. Reload and retry.",
            DbUpdateException { InnerException: Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 19 } sqlite }
                when sqlite.Message.Contains("FOREIGN KEY", StringComparison.Ordinal)
                => "Something this request refers to was deleted at the same moment; nothing was written. Reload and retry.",
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

using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Codewalkers.Persistence;

/// <summary>
/// EF's loggers as the service's, except for a write that lost a race with a concurrent transaction under PostgreSQL
/// (serialization failure, deadlock): EF logs each such failure twice as <c>fail</c> (the command, then the save),
/// although the inbox applies the message again and wins, or the caller gets its 409. The save's line becomes one
/// Information line; the command's copy is Debug for every failure under PostgreSQL (AddServiceDatabase), since the
/// save or query that ran the command logs the failure with its exception. A race lost for good still surfaces as an
/// error where it is handled: the transport's fault log after the inbox's last attempt, the request's 409.
/// </summary>
internal sealed class LostRaceLogging(ILoggerFactory inner) : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName) => new Logger(inner.CreateLogger(categoryName));

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    /// <summary>The factory is the service's own (DI owns it); this wrapper holds nothing to release.</summary>
    public void Dispose() { }

    private sealed class Logger(ILogger inner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(
            LogLevel logLevel, EventId eventId, TState state, Exception? exception,
            Func<TState, Exception?, string> formatter)
        {
            if (logLevel >= LogLevel.Warning && exception is not null && PostgresFailures.IsLostRace(exception))
            {
                if (eventId.Id != CoreEventId.SaveChangesFailed.Id)
                {
                    inner.Log(LogLevel.Debug, eventId, state, exception, formatter);
                    return;
                }
                inner.Log(LogLevel.Information, eventId, exception,
                    "A write lost a race with a concurrent transaction ({SqlState}) and was rolled back; it is "
                    + "applied again, or its caller told of the conflict",
                    PostgresFailures.Find(exception)!.SqlState);
                return;
            }
            inner.Log(logLevel, eventId, state, exception, formatter);
        }
    }
}

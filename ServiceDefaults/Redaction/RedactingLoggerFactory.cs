using System.Collections;
using Microsoft.Extensions.Logging;

namespace Codewalkers.ServiceDefaults.Redaction;

/// <summary>
/// Wraps the logger factory, so every provider (console, which the dashboard shows as console logs, and OTLP) sees
/// log states, messages and scopes with secrets taken out. ASP.NET Core's request logs, YARP's "Proxying to" and
/// HttpClient's request logs all carry the full URL with its query string; redacting here covers them all, and any
/// library's log added later.
/// </summary>
internal sealed class RedactingLoggerFactory(ILoggerFactory inner, SecretRedactor redactor) : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName) => new RedactingLogger(inner.CreateLogger(categoryName), redactor);

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    public void Dispose() => inner.Dispose();

    private sealed class RedactingLogger(ILogger inner, SecretRedactor redactor) : ILogger
    {
        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => state switch
        {
            string text => inner.BeginScope(redactor.Redact(text)),
            IEnumerable<KeyValuePair<string, object?>> values =>
                inner.BeginScope(new RedactedState(values, state.ToString(), redactor)),
            _ => inner.BeginScope(state),
        };

        public void Log<TState>(
            LogLevel logLevel,
            EventId eventId,
            TState state,
            Exception? exception,
            Func<TState, Exception?, string> formatter)
        {
            if (!inner.IsEnabled(logLevel)) return;
            var message = formatter(state, exception);
            var redacted = state is IEnumerable<KeyValuePair<string, object?>> values
                ? new RedactedState(values, message, redactor)
                : new RedactedState([], message, redactor);
            inner.Log(logLevel, eventId, redacted, exception, static (s, _) => s.Message);
        }
    }

    /// <summary>
    /// The state's values and its message with secrets taken out (once),
    /// in their order ({OriginalFormat} last, as OTLP expects it).
    /// </summary>
    private sealed class RedactedState : IReadOnlyList<KeyValuePair<string, object?>>
    {
        private readonly KeyValuePair<string, object?>[] _values;

        public RedactedState(
            IEnumerable<KeyValuePair<string, object?>> values, string? message, SecretRedactor redactor)
        {
            _values =
            [
                .. values.Select(pair => pair.Key == "{OriginalFormat}"
                    ? pair
                    : new(pair.Key, redactor.Redact(pair.Value))),
            ];
            Message = message is null ? "" : redactor.Redact(message);
        }

        public string Message { get; }
        public int Count => _values.Length;
        public KeyValuePair<string, object?> this[int index] => _values[index];
        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() =>
            ((IEnumerable<KeyValuePair<string, object?>>)_values).GetEnumerator();
        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
        public override string ToString() => Message;
    }
}

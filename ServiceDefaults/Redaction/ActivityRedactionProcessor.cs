using System.Diagnostics;
using OpenTelemetry;

namespace Codewalkers.ServiceDefaults.Redaction;

/// <summary>
/// Takes secrets out of a span's tags before it is exported. The ASP.NET Core and HttpClient instrumentations already
/// mask query values; this also covers the token itself in any tag and URLs that other sources record.
/// </summary>
internal sealed class ActivityRedactionProcessor(SecretRedactor redactor) : BaseProcessor<Activity>
{
    public override void OnEnd(Activity activity)
    {
        List<KeyValuePair<string, string>>? changes = null;
        foreach (var (key, value) in activity.TagObjects)
        {
            if (value is not string text || text.Length == 0) continue;
            var redacted = redactor.Redact(text);
            if (!ReferenceEquals(redacted, text) && redacted != text) (changes ??= []).Add(new(key, redacted));
        }
        if (changes is null) return;
        foreach (var (key, value) in changes) activity.SetTag(key, value);
    }
}

namespace Codewalkers.Collaboration.Domain.Webhooks;

/// <summary>
/// How webhook deliveries are retried (configuration section <c>Webhooks</c>). After the n-th failed attempt the next
/// comes <see cref="InitialBackoff"/> * 2^(n-1) later, at most <see cref="MaxBackoff"/>: with the defaults 1 s, 2 s,
/// 4 s ... then every 5 minutes, for <see cref="GiveUpAfter"/> (3 days). A receiver down for a minute gets everything
/// within a few seconds of coming back.
/// </summary>
public sealed class WebhookOptions
{
    public const string Section = "Webhooks";

    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromSeconds(1);
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(5);
    public TimeSpan GiveUpAfter { get; set; } = TimeSpan.FromDays(3);
    /// <summary>How long one POST may take before it counts as failed.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);
    /// <summary>Deliveries attempted at once.</summary>
    public int Concurrency { get; set; } = 8;
    /// <summary>The longest the deliverer sleeps when nothing woke it (a safety net; commits wake it).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan Backoff(int failedAttempts)
    {
        var exponent = Math.Clamp(failedAttempts - 1, 0, 30);
        var ticks = Math.Min(InitialBackoff.Ticks * Math.Pow(2, exponent), MaxBackoff.Ticks);
        return TimeSpan.FromTicks((long)ticks);
    }
}

namespace GenieObservability.Engine.Auth;

/// <summary>
/// How token endpoints are retried: 429 and 5xx (and network failures) a few times with exponential backoff and
/// jitter, waiting at least Retry-After (capped) when the endpoint sends one, like the Go SDK's token retrier.
/// </summary>
public sealed class TokenRetryPolicy
{
    public static TokenRetryPolicy Default { get; } = new();

    /// <summary>Total attempts, the first included.</summary>
    public int MaxAttempts { get; init; } = 4;

    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    internal TimeSpan DelayFor(int attempt, TimeSpan? retryAfter)
    {
        var exponential = BaseDelay * Math.Pow(2, attempt - 1);
        var jitter = BaseDelay * Random.Shared.NextDouble() * 0.5;
        var delay = exponential + jitter;
        if (retryAfter is { } after && after > delay)
        {
            delay = after;
        }

        return delay > MaxDelay ? MaxDelay : delay;
    }
}

namespace GenieObservability.Engine.Http;

/// <summary>
/// Timeouts, retry limits and the rate cap of <see cref="DatabricksApiClient"/>. The defaults follow the
/// Databricks SDKs (60 s per attempt, a 5 minute budget for one call including its retries).
/// </summary>
public sealed record ApiClientOptions
{
    public static ApiClientOptions Default { get; } = new();

    /// <summary>How long one HTTP attempt (headers and body) may take before it counts as a timeout.</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long one call may take in total, retries and waits included; no retry starts that would end past it.</summary>
    public TimeSpan TotalTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Attempts per call including the first.</summary>
    public int MaxAttempts { get; init; } = 8;

    /// <summary>First backoff delay; doubled per attempt, with jitter.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Upper bound of one backoff delay (a server's Retry-After is honoured even when longer).</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// A hard cap on the requests per second to one workspace, shared by every caller of that host (the host's
    /// <see cref="AdaptiveRateController"/> never paces faster); null or 0 = only what the host admits. One run's own cap
    /// is a <see cref="RequestScope"/>, not this.
    /// </summary>
    public double? MaxRequestsPerSecond { get; init; }

    internal void Validate()
    {
        if (AttemptTimeout <= TimeSpan.Zero || TotalTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("AttemptTimeout and TotalTimeout must be positive.");
        }

        if (MaxAttempts < 1)
        {
            throw new ArgumentException("MaxAttempts must be at least 1.");
        }

        if (BaseDelay < TimeSpan.Zero || MaxDelay < TimeSpan.Zero)
        {
            throw new ArgumentException("BaseDelay and MaxDelay must not be negative.");
        }

        if (MaxRequestsPerSecond is < 0 or double.NaN)
        {
            throw new ArgumentException("MaxRequestsPerSecond must be positive, or null for no limit.");
        }
    }
}

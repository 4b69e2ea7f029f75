using System.Globalization;

namespace GenieObservability;

/// <summary>
/// One workspace in one ingestion run: how many requests the run sent it, how many it answered 429 (rate limited), and
/// the rate the module's rate controller settled at for it. One per workspace in <see cref="MessageIngestionSummary.WorkspaceRates"/>.
/// </summary>
public sealed class WorkspaceRequestRate
{
    /// <summary>The workspace URL (scheme and host).</summary>
    public string WorkspaceUrl { get; set; } = string.Empty;

    /// <summary>HTTP requests the run sent to the workspace, retries included.</summary>
    public long Requests { get; set; }

    /// <summary>Requests the workspace answered with HTTP 429 (each was retried after its Retry-After).</summary>
    public long RateLimited { get; set; }

    /// <summary>Requests per second the run averaged against the workspace.</summary>
    public double RequestsPerSecond { get; set; }

    /// <summary>
    /// The rate the controller settled at: what the workspace admitted when it last answered 429 (requests per second,
    /// shared by every caller of the workspace in this session). Null when it never answered 429: nothing was paced.
    /// </summary>
    public double? SettledRequestsPerSecond { get; set; }

    /// <summary>The run's own cap (-MaxRequestsPerSecond); null when none was set.</summary>
    public double? MaxRequestsPerSecond { get; set; }

    public override string ToString() => string.Format(
        CultureInfo.InvariantCulture,
        "{0}: {1} requests ({2:0.#}/s), {3} answered 429, {4}",
        WorkspaceUrl,
        Requests,
        RequestsPerSecond,
        RateLimited,
        SettledRequestsPerSecond is { } settled ? settled.ToString("'settled at '0.#'/s'", CultureInfo.InvariantCulture) : "not rate limited");
}

namespace GenieObservability.Engine.Http;

/// <summary>
/// One caller's share of a workspace host, typically one ingestion run: a request budget of its own (the admin's
/// -MaxRequestsPerSecond, for this run only: the host's shared client and its other callers are not touched) and the
/// counts of what it sent and how often the host answered 429, for its summary. Bind it with
/// <see cref="DatabricksApiClient.WithScope"/>; one scope per host.
/// </summary>
public sealed class RequestScope
{
    private long _requests;
    private long _rateLimited;

    public RequestScope(double? maxRequestsPerSecond = null, TimeProvider? time = null)
    {
        Budget = maxRequestsPerSecond is { } rps ? new RequestBudget(rps, time) : null;
    }

    /// <summary>This caller's own cap; null when it has none (the host's rate controller still paces it).</summary>
    public RequestBudget? Budget { get; }

    /// <summary>HTTP requests sent, retries and token refreshes included.</summary>
    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>Requests the host answered with 429.</summary>
    public long RateLimited => Interlocked.Read(ref _rateLimited);

    /// <summary>The rate controller of the host the scope was bound to; null until then.</summary>
    public AdaptiveRateController? Controller { get; private set; }

    internal void Bind(AdaptiveRateController controller)
    {
        if (Controller is not null && !ReferenceEquals(Controller, controller))
        {
            throw new InvalidOperationException("A request scope covers one workspace host; give each host its own.");
        }

        Controller = controller;
    }

    internal void OnSent() => Interlocked.Increment(ref _requests);

    internal void OnRateLimited() => Interlocked.Increment(ref _rateLimited);
}

namespace GenieObservability.Engine.QueryMetrics;

/// <summary>The lookup state of a statement in message_query_metrics.availability.</summary>
public static class QueryMetricsAvailability
{
    /// <summary>Metrics stored from a final history entry.</summary>
    public const string Found = "FOUND";

    /// <summary>Not (finally) in query history yet; looked up again by later runs until the bound.</summary>
    public const string Pending = "PENDING";

    /// <summary>Still not in query history after the bound; no longer looked up.</summary>
    public const string NotAvailable = "NOT_AVAILABLE";
}

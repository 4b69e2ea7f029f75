namespace GenieObservability.Engine.QueryMetrics;

/// <summary>Bounds of one query-metrics sync.</summary>
public sealed record QueryMetricsOptions
{
    public static readonly TimeSpan DefaultMaxLookupAge = TimeSpan.FromHours(24);

    public const int DefaultThrottleLimit = 4;

    public IReadOnlyCollection<string> WorkspaceIds { get; init; } = [];

    /// <summary>A statement not in query history is looked up again by later runs while its first lookup is younger than this.</summary>
    public TimeSpan MaxLookupAge { get; init; } = DefaultMaxLookupAge;

    /// <summary>Statement ids per Query History request (1 to <see cref="QueryHistoryClient.MaxStatementsPerRequest"/>).</summary>
    public int StatementsPerRequest { get; init; } = QueryHistoryClient.DefaultStatementsPerRequest;

    /// <summary>Query History requests in flight at once.</summary>
    public int ThrottleLimit { get; init; } = DefaultThrottleLimit;

    /// <summary>On a Databricks SQL warehouse, MERGE from system.query.history first.</summary>
    public bool UseSystemTable { get; init; } = true;

    /// <summary>Rows per warehouse write: lookups are stored at least this often.</summary>
    public int WriteBatchSize { get; init; } = 2_000;

    public void Validate()
    {
        if (MaxLookupAge <= TimeSpan.Zero)
        {
            throw new GenieObservabilityException("The maximum lookup age must be positive, e.g. 24 hours.", "InvalidMaxLookupAge", GenieErrorCategory.InvalidArgument);
        }

        if (StatementsPerRequest is < 1 or > QueryHistoryClient.MaxStatementsPerRequest)
        {
            throw new GenieObservabilityException($"Statements per request must be 1 to {QueryHistoryClient.MaxStatementsPerRequest} (max_results must be less than 1000).", "InvalidStatementsPerRequest", GenieErrorCategory.InvalidArgument);
        }

        if (ThrottleLimit < 1 || WriteBatchSize < 1)
        {
            throw new GenieObservabilityException("The throttle limit and write batch size must be positive.", "InvalidQueryMetricsOptions", GenieErrorCategory.InvalidArgument);
        }
    }
}

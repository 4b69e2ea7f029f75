namespace GenieObservability;

/// <summary>What one Sync-GenieQueryMetric run (or the job's query-metrics step) did to message_query_metrics.</summary>
public sealed class GenieQueryMetricSyncSummary
{
    public string RunId { get; set; } = string.Empty;

    /// <summary>SUCCEEDED, or FAILED when no lookup could be made at all (see Error).</summary>
    public string Status { get; set; } = GenieRunStatus.Running;

    public DateTimeOffset StartedAt { get; set; }

    public DateTimeOffset FinishedAt { get; set; }

    public TimeSpan Duration => FinishedAt - StartedAt;

    /// <summary>Statements merged from system.query.history (Databricks warehouses only; -1 when the backend does not report a count).</summary>
    public long FoundInSystemTable { get; set; }

    /// <summary>Statements looked up in the Query History API in this run (new ones and those still pending).</summary>
    public int Statements { get; set; }

    /// <summary>Statements the Query History API returned in a final status (FINISHED, FAILED, CANCELED).</summary>
    public int Found { get; set; }

    /// <summary>Statements not (finally) in query history yet; later runs look them up again.</summary>
    public int Pending { get; set; }

    /// <summary>Statements given up on after -MaxLookupAge: counted, not an error.</summary>
    public int NotAvailable { get; set; }

    /// <summary>Statements whose lookup request failed in this run (kept as they were; a later run tries again).</summary>
    public int LookupFailed { get; set; }

    /// <summary>Query History API requests sent (every page counts).</summary>
    public int ApiRequests { get; set; }

    /// <summary>Statement ids one request carried at most.</summary>
    public int StatementsPerRequest { get; set; }

    public string? Error { get; set; }

    public override string ToString() =>
        $"{Statements} statements looked up in {ApiRequests} requests: {Found} found, {Pending} pending, {NotAvailable} not available, {LookupFailed} failed"
        + (FoundInSystemTable != 0 ? $"; {FoundInSystemTable} from system.query.history" : string.Empty);
}

namespace GenieObservability.Engine.QueryMetrics;

/// <summary>One QueryInfo of the Query History API (contract-2026 §6), reduced to what message_query_metrics keeps.</summary>
public sealed record QueryHistoryEntry
{
    /// <summary>query_id: the statement id.</summary>
    public required string StatementId { get; init; }

    public string? Status { get; init; }

    public long? TotalDurationMs { get; init; }

    public long? ExecutionDurationMs { get; init; }

    public long? CompilationDurationMs { get; init; }

    public long? QueueDurationMs { get; init; }

    public long? RowsProduced { get; init; }

    public long? BytesRead { get; init; }

    public bool? FromResultCache { get; init; }

    public string? WarehouseId { get; init; }

    public string? ErrorMessage { get; init; }

    public DateTimeOffset? StartTime { get; init; }

    public DateTimeOffset? EndTime { get; init; }

    /// <summary>FINISHED, FAILED and CANCELED are final; a statement still queued or running is looked up again.</summary>
    public bool IsFinal => Status is QueryHistoryClient.Finished or QueryHistoryClient.Failed or QueryHistoryClient.Canceled;
}

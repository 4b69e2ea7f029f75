namespace GenieObservability;

/// <summary>
/// One SQL statement Genie ran for a stored question, with its query-history metrics (a row of message_query_metrics
/// found in history) and the question it answered: what Get-GenieQueryMetric lists, slowest first.
/// </summary>
public sealed class GenieQueryMetric
{
    public string WorkspaceId { get; set; } = string.Empty;

    public string? WorkspaceName { get; set; }

    public string SpaceId { get; set; } = string.Empty;

    /// <summary>From genie_space_details, else the name stored with the message, else the space id.</summary>
    public string SpaceTitle { get; set; } = string.Empty;

    public string ConversationId { get; set; } = string.Empty;

    public string MessageId { get; set; } = string.Empty;

    public string StatementId { get; set; } = string.Empty;

    /// <summary>The user's email (from the audit log), else "user &lt;id&gt;".</summary>
    public string? User { get; set; }

    public DateTimeOffset? AskedAt { get; set; }

    /// <summary>The question's text.</summary>
    public string? Question { get; set; }

    /// <summary>The question's SQL when this statement is its first query attachment's; else null (see message_details.attachments_json).</summary>
    public string? Sql { get; set; }

    /// <summary>The statement's final status in query history: FINISHED, FAILED or CANCELED.</summary>
    public string? Status { get; set; }

    /// <summary>FAILED or CANCELED: counted in the query failure share.</summary>
    public bool Failed => Status is "FAILED" or "CANCELED";

    public long TotalDurationMs { get; set; }

    public long? ExecutionDurationMs { get; set; }

    /// <summary>Time waiting for compute or at capacity.</summary>
    public long? QueueDurationMs { get; set; }

    public long? RowsProduced { get; set; }

    public long? BytesRead { get; set; }

    public bool? FromResultCache { get; set; }

    public string? WarehouseId { get; set; }

    /// <summary>Why the statement failed, from query history.</summary>
    public string? Error { get; set; }

    public DateTimeOffset? StartTime { get; set; }

    public DateTimeOffset? EndTime { get; set; }

    public override string ToString() => $"{StatementId}: {TotalDurationMs} ms {Status}";
}

namespace GenieObservability;

/// <summary>
/// What one Import-GenieMessageDetails run did: always emitted once, last. Per-message failures are counted here and
/// stored in message_fetch_errors; they do not fail the run.
/// </summary>
public sealed class MessageIngestionSummary
{
    /// <summary>The run's id in genie_ingestion_runs, also the ingestion_batch_id of every row it wrote.</summary>
    public string RunId { get; set; } = string.Empty;

    /// <summary>SUCCEEDED, FAILED (the warehouse could not be written, or no workspace of the run could be reached) or CANCELLED.</summary>
    public string Status { get; set; } = GenieRunStatus.Running;

    /// <summary>Messages received from the pipeline.</summary>
    public long Received { get; set; }

    /// <summary>Messages the API returned.</summary>
    public long Fetched { get; set; }

    /// <summary>Rows written to message_details.</summary>
    public long Stored { get; set; }

    /// <summary>Stored in a terminal status (COMPLETED, FAILED, CANCELLED, QUERY_RESULT_EXPIRED).</summary>
    public long Completed { get; set; }

    /// <summary>Stored in a non-terminal status: offered again by Get-GenieMessagesToFetch until terminal.</summary>
    public long Pending { get; set; }

    /// <summary>Messages whose fetch failed (rows upserted in message_fetch_errors).</summary>
    public long Failed { get; set; }

    /// <summary>Failed messages by error type (NOT_FOUND, SERVER_ERROR, WORKSPACE_UNREACHABLE, ...).</summary>
    public IReadOnlyDictionary<string, long> FailedByType { get; set; } = new Dictionary<string, long>();

    /// <summary>
    /// One entry per workspace that failed as a whole in this run (no token, credential rejected, unreachable): its
    /// messages are counted in <see cref="Failed"/>, stay queued, and cost no retry budget.
    /// </summary>
    public IReadOnlyList<GenieWorkspaceFailure> FailedByWorkspace { get; set; } = [];

    /// <summary>Piped items not fetched: missing ids, a workspace URL that is not https, or past -MaxRetries.</summary>
    public long Skipped { get; set; }

    /// <summary>Messages that came in as retries of an earlier failure.</summary>
    public long Retried { get; set; }

    /// <summary>Earlier failures marked resolved because this run fetched the message.</summary>
    public long Resolved { get; set; }

    /// <summary>Stored messages that were offered for their feedback (Reason Feedback): rating and comments updated in place.</summary>
    public long FeedbackRefreshed { get; set; }

    /// <summary>Comment rows written to message_comments.</summary>
    public long CommentsStored { get; set; }

    /// <summary>Stored messages whose comments could not be read; a later run offers them again (Reason Feedback).</summary>
    public long CommentFetchesFailed { get; set; }

    /// <summary>Per workspace: requests sent, 429s received and the rate the rate controller settled at.</summary>
    public IReadOnlyList<WorkspaceRequestRate> WorkspaceRates { get; set; } = [];

    /// <summary>Requests answered 429 (rate limited), all workspaces together.</summary>
    public long RateLimited => WorkspaceRates.Sum(w => w.RateLimited);

    /// <summary>Statements sent to the warehouse (lookups, upserts, run bookkeeping).</summary>
    public long WarehouseStatements { get; set; }

    public TimeSpan Elapsed { get; set; }

    /// <summary>Stored messages per second of elapsed time.</summary>
    public double MessagesPerSecond { get; set; }

    public DateTimeOffset StartedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>Why the run failed, when it did.</summary>
    public string? Error { get; set; }

    public override string ToString() =>
        $"{Status}: {Stored} stored ({Completed} completed, {Pending} pending), {Failed} failed"
        + (FailedByWorkspace.Count == 0 ? string.Empty : $" ({FailedByWorkspace.Count} workspace(s) down)")
        + $", {MessagesPerSecond:F1} msg/s";
}

namespace GenieObservability;

/// <summary>
/// One message the ingestion should GET: new in the audit log, a transient failure to retry, stored in a
/// non-terminal status, or stored but rated or commented on since. Property names bind by name into
/// Import-GenieMessageDetails.
/// </summary>
public sealed class GenieMessageToFetch
{
    /// <summary>Never stored.</summary>
    public const string ReasonNew = "New";

    /// <summary>An earlier fetch failed with a transient error.</summary>
    public const string ReasonRetry = "Retry";

    /// <summary>Stored in a non-terminal status; fetched again until terminal.</summary>
    public const string ReasonPending = "Pending";

    /// <summary>Stored, and rated or commented on since (audit feedback or comment events newer than what was stored).</summary>
    public const string ReasonFeedback = "Feedback";

    /// <summary>Listed by the Genie API's conversation lists but unknown to the warehouse: the audit path missed it.</summary>
    public const string ReasonReconciliation = "Reconciliation";

    public string WorkspaceId { get; set; } = string.Empty;

    /// <summary>The workspace URL the message lives in; null when the audit import did not know it.</summary>
    public string? WorkspaceUrl { get; set; }

    public string? WorkspaceName { get; set; }

    public string SpaceId { get; set; } = string.Empty;

    public string ConversationId { get; set; } = string.Empty;

    public string MessageId { get; set; } = string.Empty;

    /// <summary>The latest audit event of the message (or the stored time for Retry/Pending rows).</summary>
    public DateTimeOffset? EventTime { get; set; }

    public string? UserEmail { get; set; }

    /// <summary>New, Retry, Pending, Feedback or Reconciliation.</summary>
    public string Reason { get; set; } = ReasonNew;

    /// <summary>Failures of the message itself so far (Retry rows); 0 otherwise. Failures of its workspace are not counted.</summary>
    public int RetryCount { get; set; }

    /// <summary>
    /// The latest feedback or comment audit event of the message (updateConversationMessageFeedback,
    /// createConversationMessageComment, ...); null when the audit log has none. The import records it once the rating
    /// and the comments are stored, so the same event does not offer the message again.
    /// </summary>
    public DateTimeOffset? FeedbackEventTime { get; set; }

    /// <summary>The error type of the last failure (Retry rows); null otherwise.</summary>
    public string? ErrorType { get; set; }
}

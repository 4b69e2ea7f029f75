using GenieObservability.Engine.Schema;

namespace GenieObservability.Engine.Ingestion;

/// <summary>
/// The message_fetch_errors columns and the error lifecycle: one row per failing message; a failure sets the error
/// columns and clears resolved, and counts against the message as <see cref="RetryRule"/> says; a later successful
/// fetch sets resolved and resolved_at and keeps the history.
/// </summary>
internal static class FetchErrorRow
{
    public static readonly string[] KeyColumns = ["workspace_id", "message_id"];

    public static readonly string[] Columns =
    [
        "workspace_id", "workspace_url", "space_id", "conversation_id", "message_id", "error_type", "http_status",
        "error_code", "error_message", "retry_count", "first_failed_at", "last_attempt_at", "resolved", "resolved_at",
        "ingestion_batch_id", ObservabilityTables.FailureScopeColumn,
    ];

    public const string MessageScope = "MESSAGE";

    public const string WorkspaceScope = "WORKSPACE";

    public static object?[] Failed(MessageFetchItem item, FetchFailure failure, ExistingError? previous, string batchId, DateTimeOffset now) =>
    [
        item.WorkspaceId,
        item.WorkspaceUrl.GetLeftPart(UriPartial.Authority),
        item.SpaceId,
        item.ConversationId,
        item.MessageId,
        failure.ErrorType,
        failure.HttpStatus,
        failure.ErrorCode,
        failure.Message,
        RetryRule.RetryCountAfter(previous, failure),
        MessageDetailsRow.Utc(RetryRule.FirstFailedAt(previous, now)),
        MessageDetailsRow.Utc(now),
        false,
        null,
        batchId,
        failure.IsWorkspaceLevel ? WorkspaceScope : MessageScope,
    ];

    public static object?[] Resolved(MessageFetchItem item, ExistingError previous, string batchId, DateTimeOffset now) =>
    [
        item.WorkspaceId,
        item.WorkspaceUrl.GetLeftPart(UriPartial.Authority),
        item.SpaceId,
        item.ConversationId,
        item.MessageId,
        previous.ErrorType,
        previous.HttpStatus,
        previous.ErrorCode,
        previous.ErrorMessage,
        previous.RetryCount,
        MessageDetailsRow.Utc(previous.FirstFailedAt),
        MessageDetailsRow.Utc(now),
        true,
        MessageDetailsRow.Utc(now),
        batchId,
        previous.FailureScope,
    ];
}

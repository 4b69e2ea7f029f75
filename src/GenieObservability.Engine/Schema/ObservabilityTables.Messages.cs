using GenieObservability.Engine.Warehouse;

namespace GenieObservability.Engine.Schema;

/// <summary>The tables of message ingestion: the fetched messages and the fetches that failed.</summary>
public static partial class ObservabilityTables
{
    public static TableDefinition MessageDetails { get; } = new(
        "message_details",
        "One row per Genie message fetched from the Genie API, upserted on (workspace_id, message_id) until the message reaches a terminal status.",
        ["workspace_id", "message_id"],
        [
            new("workspace_id", S, "Databricks workspace id."),
            new("workspace_name", S, "Workspace name."),
            new("workspace_url", S, "Workspace URL the message was fetched from."),
            new("space_id", S, "Genie space id."),
            new("space_name", S, "Genie space title."),
            new("conversation_id", S, "Genie conversation id."),
            new("message_id", S, "Genie message id."),
            new("user_id", B, "Id of the user who asked."),
            new("user_email", S, "Email of the user who asked (from the audit log)."),
            new("content", S, "The question as asked."),
            new("status", S, "Message status: COMPLETED, FAILED, CANCELLED, QUERY_RESULT_EXPIRED, or a non-terminal status."),
            new("created_timestamp", T, "When the message was created (UTC)."),
            new("last_updated_timestamp", T, "When the message last changed (UTC)."),
            new("query_sql", S, "SQL of the first query attachment."),
            new("query_description", S, "Description of the first query attachment."),
            new("statement_id", S, "SQL statement id of the first query attachment."),
            new("attachments_json", S, "Every attachment as a complete JSON array."),
            new("attachment_count", I, "Number of attachments."),
            new("message_error_type", S, "Error type Genie reported for the message."),
            new("message_error", S, "Error text Genie reported for the message."),
            new("feedback_rating", S, "User feedback: POSITIVE, NEGATIVE or NONE."),
            new("audit_event_time", T, "Time of the audit event that named the message (UTC)."),
            new("ingestion_batch_id", S, "Run that last wrote this row."),
            new("ingestion_timestamp", T, "When this row was last written (UTC)."),
            new("first_ingested_at", T, "When this message was first written (UTC)."),
        ]);

    public static TableDefinition MessageFetchErrors { get; } = new(
        "message_fetch_errors",
        "One row per message whose fetch failed, with its retry count; resolved once a later retry succeeds.",
        ["workspace_id", "message_id"],
        [
            new("workspace_id", S, "Databricks workspace id."),
            new("workspace_url", S, "Workspace URL the fetch was sent to."),
            new("space_id", S, "Genie space id."),
            new("conversation_id", S, "Genie conversation id."),
            new("message_id", S, "Genie message id."),
            new("error_type", S, "NOT_FOUND, PERMISSION_DENIED (permanent); SERVER_ERROR, TIMEOUT, AUTH_ERROR, INVALID_RESPONSE (failures of the message itself); NO_TOKEN, CREDENTIAL_REJECTED, WORKSPACE_UNREACHABLE, WORKSPACE_UNAVAILABLE, RATE_LIMITED (failures of its workspace)."),
            new("http_status", I, "HTTP status of the last failed attempt."),
            new("error_code", S, "Databricks error_code of the last failed attempt."),
            new("error_message", S, "Error message of the last failed attempt."),
            new("retry_count", I, "Failures of the message itself so far; failures of its workspace are not counted."),
            new("first_failed_at", T, "First failure (UTC)."),
            new("last_attempt_at", T, "Last attempt (UTC)."),
            new("resolved", ColumnType.Boolean, "True once a retry succeeded."),
            new("resolved_at", T, "When a retry succeeded (UTC)."),
            new("ingestion_batch_id", S, "Run that last wrote this row."),
            new(FailureScopeColumn, S, "Whose the last failure was: MESSAGE (counted in retry_count) or WORKSPACE (its workspace was down or throttling; costs the message nothing).", AddedLater: true),
        ]);

    /// <summary>Added to message_fetch_errors by <see cref="WorkspaceFailureUpgrade"/>; its absence marks a warehouse of the earlier failure rule.</summary>
    public const string FailureScopeColumn = "failure_scope";
}

namespace GenieObservability.Engine.Warehouse;

/// <summary>The column types the persisted tables use, written per dialect by <see cref="ObservabilitySchema"/>.</summary>
public enum ColumnType
{
    Text,
    BigWholeNumber,
    WholeNumber,
    Boolean,
    Timestamp,
}

/// <param name="AddedLater">
/// The column came after its table was first shipped: installing adds it to a table that exists without it
/// (ALTER TABLE ... ADD COLUMN), so warehouses made by an earlier version are upgraded in place.
/// </param>
public sealed record ColumnDefinition(string Name, ColumnType Type, string Comment, bool AddedLater = false);

public sealed record TableDefinition(string Name, string Comment, IReadOnlyList<string> Key, IReadOnlyList<ColumnDefinition> Columns)
{
    public IReadOnlyList<string> ColumnNames => Columns.Select(c => c.Name).ToList();
}

/// <summary>
/// The persisted tables of the product (design §3): names, keys and columns as agreed by every stage that writes them.
/// Pipeline tables (bronze/silver/gold/validation) are rebuilt by each refresh and are not defined here.
/// </summary>
public static partial class ObservabilityTables
{
    private const ColumnType S = ColumnType.Text;
    private const ColumnType B = ColumnType.BigWholeNumber;
    private const ColumnType I = ColumnType.WholeNumber;
    private const ColumnType T = ColumnType.Timestamp;

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

    public static TableDefinition SpaceDetails { get; } = new(
        "genie_space_details",
        "One row per Genie space; a failed or empty fetch updates only the status and error columns and keeps the last good configuration.",
        ["workspace_id", "space_id"],
        [
            new("workspace_id", S, "Databricks workspace id."),
            new("workspace_url", S, "Workspace URL."),
            new("space_id", S, "Genie space id."),
            new("title", S, "Space title."),
            new("description", S, "Space description."),
            new("warehouse_id", S, "SQL warehouse the space queries."),
            new("parent_path", S, "Workspace folder of the space."),
            new("etag", S, "Etag of the fetched configuration."),
            new("create_time", T, "When the space was created (UTC)."),
            new("update_time", T, "When the space was last updated (UTC)."),
            new("serialized_space", S, "The space configuration as returned by the API."),
            new("content_hash", S, "Hash of the canonical configuration."),
            new("api_fetch_status", S, "OK, FAILED, EMPTY, FORBIDDEN or NOT_FOUND."),
            new("api_fetch_error", S, "Error of the last failed fetch."),
            new("last_success_at", T, "Last successful fetch (UTC)."),
            new("ingestion_batch_id", S, "Run that last wrote this row."),
            new("ingestion_timestamp", T, "When this row was last written (UTC)."),
            new("deleted_at", T, "When a fetch first found the space deleted (UTC); null while it exists. The row is never removed.", AddedLater: true),
        ]);

    public static TableDefinition IngestionRuns { get; } = new(
        "genie_ingestion_runs",
        "One row per refresh or ingestion run; the last successful window is the watermark of -Mode Auto.",
        ["run_id"],
        [
            new("run_id", S, "Run id."),
            new("run_type", S, "PIPELINE_REFRESH, MESSAGE_INGESTION, SPACE_SYNC or JOB."),
            new("mode", S, "Load mode: Initial, Incremental, CatchUp or Auto."),
            new("window_start", T, "Start of the audit window (UTC)."),
            new("window_end", T, "End of the audit window (UTC)."),
            new("started_at", T, "When the run started (UTC)."),
            new("finished_at", T, "When the run finished (UTC)."),
            new("status", S, "RUNNING, SUCCEEDED, FAILED or CANCELLED."),
            new("bronze_rows", B, "Rows in bronze after the refresh."),
            new("silver_rows", B, "Rows in silver after the refresh."),
            new("messages_fetched", B, "Messages fetched from the Genie API."),
            new("messages_stored", B, "Messages written to message_details."),
            new("messages_failed", B, "Messages whose fetch failed."),
            new("details_json", S, "Run details as JSON."),
            new("error", S, "Error of a failed run."),
        ]);

    // Computed on each call: the tables are defined across partial files, whose static initialisers run in no set order.
    public static IReadOnlyList<TableDefinition> All => [MessageDetails, MessageFetchErrors, SpaceDetails, IngestionRuns, QueryMetrics, .. FeedbackTables.All, .. EvaluationTables.All];
}

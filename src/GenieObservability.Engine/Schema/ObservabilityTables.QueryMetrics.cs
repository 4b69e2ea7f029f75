using GenieObservability.Engine.Warehouse;

namespace GenieObservability.Engine.Schema;

public static partial class ObservabilityTables
{
    /// <summary>
    /// Query performance of the SQL statements Genie ran for stored messages. Its own table, keyed by statement, because
    /// a message can carry several query attachments (each its own statement), query history arrives after the message
    /// and is looked up again by later runs, and the message_details writer stays untouched.
    /// </summary>
    public static TableDefinition QueryMetrics { get; } = new(
        "message_query_metrics",
        "One row per SQL statement of a stored Genie answer (workspace_id, statement_id): its query-history metrics and the lookup bookkeeping.",
        ["workspace_id", "statement_id"],
        [
            new("workspace_id", ColumnType.Text, "Databricks workspace id."),
            new("statement_id", ColumnType.Text, "SQL statement id of the query attachment (query_id in the Query History API)."),
            new("workspace_url", ColumnType.Text, "Workspace URL the statement was looked up in."),
            new("space_id", ColumnType.Text, "Genie space id of the message."),
            new("conversation_id", ColumnType.Text, "Genie conversation id of the message."),
            new("message_id", ColumnType.Text, "Genie message whose query attachment named the statement."),
            new("status", ColumnType.Text, "Statement status: FINISHED, FAILED, CANCELED, or a non-final status while it ran."),
            new("total_duration_ms", ColumnType.BigWholeNumber, "Total time of the statement in milliseconds, without result fetching."),
            new("execution_duration_ms", ColumnType.BigWholeNumber, "Execution time in milliseconds."),
            new("compilation_duration_ms", ColumnType.BigWholeNumber, "Compilation time in milliseconds."),
            new("queue_duration_ms", ColumnType.BigWholeNumber, "Time waiting for compute or at capacity, in milliseconds."),
            new("rows_produced", ColumnType.BigWholeNumber, "Rows the statement returned."),
            new("bytes_read", ColumnType.BigWholeNumber, "Bytes the statement read."),
            new("from_result_cache", ColumnType.Boolean, "True when the result came from the result cache."),
            new("warehouse_id", ColumnType.Text, "SQL warehouse that ran the statement."),
            new("error_message", ColumnType.Text, "Why the statement failed."),
            new("start_time", ColumnType.Timestamp, "When the statement started (UTC)."),
            new("end_time", ColumnType.Timestamp, "When the statement's execution ended (UTC)."),
            new("metrics_source", ColumnType.Text, "Where the metrics came from: QUERY_HISTORY_API or SYSTEM_TABLE."),
            new("availability", ColumnType.Text, "FOUND, PENDING (not in query history yet; looked up again by later runs) or NOT_AVAILABLE (given up)."),
            new("attempts", ColumnType.WholeNumber, "Lookups so far."),
            new("first_looked_up_at", ColumnType.Timestamp, "First lookup (UTC); the bound for looking up again counts from here."),
            new("last_looked_up_at", ColumnType.Timestamp, "Last lookup (UTC)."),
            new("ingestion_batch_id", ColumnType.Text, "Run that last wrote this row."),
        ]);
}

using GenieObservability.Engine.Warehouse;

namespace GenieObservability.Engine.QueryMetrics;

/// <summary>
/// On a Databricks SQL warehouse: one set-based MERGE from system.query.history (contract-2026 §7) into
/// message_query_metrics for every statement of message_details (each query attachment's, exploded from
/// attachments_json, and the statement_id column) not FOUND yet. Durations, rows and bytes are the table's own
/// columns; the queue time is waiting_for_compute + waiting_at_capacity. Only terminal rows exist there, so a match is
/// FOUND. What it does not find is left to the Query History API.
/// </summary>
public static class SystemQueryHistoryMerge
{
    public const string HistoryTable = "system.query.history";

    public static string Sql(TableNames tables)
    {
        ArgumentNullException.ThrowIfNull(tables);
        return $"""
            MERGE INTO {tables.QueryMetrics} AS target
            USING (
              SELECT c.workspace_id, c.statement_id, c.workspace_url, c.space_id, c.conversation_id, c.message_id,
                     h.execution_status AS status, h.total_duration_ms, h.execution_duration_ms, h.compilation_duration_ms,
                     coalesce(h.waiting_for_compute_duration_ms, 0) + coalesce(h.waiting_at_capacity_duration_ms, 0) AS queue_duration_ms,
                     h.produced_rows AS rows_produced, h.read_bytes AS bytes_read, h.from_result_cache,
                     h.compute.warehouse_id AS warehouse_id, h.error_message, h.start_time, h.end_time
              FROM (
                SELECT DISTINCT d.workspace_id, d.workspace_url, d.space_id, d.conversation_id, d.message_id, a.query.statement_id AS statement_id
                FROM {tables.MessageDetails} d
                LATERAL VIEW explode(from_json(d.attachments_json, 'array<struct<query:struct<statement_id:string>>>')) x AS a
                WHERE a.query.statement_id IS NOT NULL
                UNION
                SELECT d.workspace_id, d.workspace_url, d.space_id, d.conversation_id, d.message_id, d.statement_id
                FROM {tables.MessageDetails} d
                WHERE d.statement_id IS NOT NULL
              ) c
              JOIN {HistoryTable} h ON h.statement_id = c.statement_id AND h.workspace_id = c.workspace_id
              WHERE NOT EXISTS (SELECT 1 FROM {tables.QueryMetrics} m
                                WHERE m.workspace_id = c.workspace_id AND m.statement_id = c.statement_id AND m.availability = :found)
              QUALIFY row_number() OVER (PARTITION BY c.workspace_id, c.statement_id ORDER BY h.update_time DESC, c.message_id) = 1
            ) AS source
            ON target.workspace_id = source.workspace_id AND target.statement_id = source.statement_id
            WHEN MATCHED THEN UPDATE SET
              status = source.status, total_duration_ms = source.total_duration_ms, execution_duration_ms = source.execution_duration_ms,
              compilation_duration_ms = source.compilation_duration_ms, queue_duration_ms = source.queue_duration_ms,
              rows_produced = source.rows_produced, bytes_read = source.bytes_read, from_result_cache = source.from_result_cache,
              warehouse_id = source.warehouse_id, error_message = source.error_message, start_time = source.start_time,
              end_time = source.end_time, metrics_source = :source_name, availability = :found,
              attempts = coalesce(target.attempts, 0) + 1, last_looked_up_at = :now, ingestion_batch_id = :batch_id
            WHEN NOT MATCHED THEN INSERT (
              workspace_id, statement_id, workspace_url, space_id, conversation_id, message_id, status, total_duration_ms,
              execution_duration_ms, compilation_duration_ms, queue_duration_ms, rows_produced, bytes_read, from_result_cache,
              warehouse_id, error_message, start_time, end_time, metrics_source, availability, attempts, first_looked_up_at,
              last_looked_up_at, ingestion_batch_id)
            VALUES (
              source.workspace_id, source.statement_id, source.workspace_url, source.space_id, source.conversation_id, source.message_id,
              source.status, source.total_duration_ms, source.execution_duration_ms, source.compilation_duration_ms,
              source.queue_duration_ms, source.rows_produced, source.bytes_read, source.from_result_cache, source.warehouse_id,
              source.error_message, source.start_time, source.end_time, :source_name, :found, 1, :now, :now, :batch_id)
            """;
    }

    public static Dictionary<string, object?> Parameters(DateTimeOffset now, string batchId) => new(StringComparer.Ordinal)
    {
        ["found"] = QueryMetricsAvailability.Found,
        ["source_name"] = QueryMetricsRow.SystemTableSource,
        ["now"] = now.UtcDateTime,
        ["batch_id"] = batchId,
    };
}

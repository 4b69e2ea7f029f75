using GenieObservability.Engine.Ingestion;
using GenieObservability.Engine.Schema;
using GenieObservability.Engine.Warehouse;

namespace GenieObservability.Engine.QueryMetrics;

/// <summary>How one lookup outcome fills a message_query_metrics row (values in the table's column order).</summary>
internal static class QueryMetricsRow
{
    public const string ApiSource = "QUERY_HISTORY_API";
    public const string SystemTableSource = "SYSTEM_TABLE";

    public static IReadOnlyList<string> Key => ObservabilityTables.QueryMetrics.Key;

    public static IReadOnlyList<string> Columns { get; } = ObservabilityTables.QueryMetrics.ColumnNames;

    /// <summary>The row for a statement after this lookup; <paramref name="entry"/> is null when history did not return it.</summary>
    public static object?[] Values(StatementLookup lookup, QueryHistoryEntry? entry, string availability, DateTimeOffset now, string batchId) =>
    [
        lookup.WorkspaceId,
        lookup.StatementId,
        lookup.WorkspaceUrl?.GetLeftPart(UriPartial.Authority),
        lookup.SpaceId,
        lookup.ConversationId,
        lookup.MessageId,
        entry?.Status,
        entry?.TotalDurationMs,
        entry?.ExecutionDurationMs,
        entry?.CompilationDurationMs,
        entry?.QueueDurationMs,
        entry?.RowsProduced,
        entry?.BytesRead,
        entry?.FromResultCache,
        entry?.WarehouseId,
        entry?.ErrorMessage,
        MessageDetailsRow.Utc(entry?.StartTime),
        MessageDetailsRow.Utc(entry?.EndTime),
        entry is null ? null : ApiSource,
        availability,
        lookup.Attempts + 1,
        MessageDetailsRow.Utc(lookup.FirstLookedUpAt ?? now),
        MessageDetailsRow.Utc(now),
        batchId,
    ];
}

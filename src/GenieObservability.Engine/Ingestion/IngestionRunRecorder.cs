using System.Text.Json;
using GenieObservability.Engine.Warehouse;

namespace GenieObservability.Engine.Ingestion;

/// <summary>Writes a run's row in genie_ingestion_runs: RUNNING when it starts, the outcome and counts when it ends.</summary>
internal static class IngestionRunRecorder
{
    public const string MessageIngestion = "MESSAGE_INGESTION";

    private static readonly string[] KeyColumns = ["run_id"];

    private static readonly string[] Columns =
    [
        "run_id", "run_type", "mode", "window_start", "window_end", "started_at", "finished_at", "status", "bronze_rows",
        "silver_rows", "messages_fetched", "messages_stored", "messages_failed", "details_json", "error",
    ];

    public static Task<int> WriteAsync(IWarehouse warehouse, MessageIngestionSummary summary, CancellationToken cancellationToken)
    {
        var details = JsonSerializer.Serialize(new
        {
            received = summary.Received,
            completed = summary.Completed,
            pending = summary.Pending,
            retried = summary.Retried,
            resolved = summary.Resolved,
            failed_by_type = summary.FailedByType,
            warehouse_statements = summary.WarehouseStatements,
            messages_per_second = Math.Round(summary.MessagesPerSecond, 2),
        });
        object?[] row =
        [
            summary.RunId, MessageIngestion, null, null, null, MessageDetailsRow.Utc(summary.StartedAt), MessageDetailsRow.Utc(summary.FinishedAt),
            summary.Status, null, null, summary.Fetched, summary.Stored, summary.Failed, details, summary.Error,
        ];
        return warehouse.UpsertAsync(warehouse.Tables.IngestionRuns, KeyColumns, Columns, [row], 1, cancellationToken);
    }
}

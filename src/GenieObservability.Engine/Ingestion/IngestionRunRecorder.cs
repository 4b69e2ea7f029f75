using System.Text.Json;
using GenieObservability.Engine.Warehouse;

namespace GenieObservability.Engine.Ingestion;

/// <summary>Writes a run's row in genie_ingestion_runs: RUNNING when it starts, the outcome and counts when it ends.</summary>
public static class IngestionRunRecorder
{
    public const string MessageIngestion = "MESSAGE_INGESTION";
    public const string Job = "JOB";

    private static readonly string[] KeyColumns = ["run_id"];

    private static readonly string[] Columns =
    [
        "run_id", "run_type", "mode", "window_start", "window_end", "started_at", "finished_at", "status", "bronze_rows",
        "silver_rows", "messages_fetched", "messages_stored", "messages_failed", "details_json", "error",
    ];

    internal static Task<int> WriteAsync(IWarehouse warehouse, MessageIngestionSummary summary, CancellationToken cancellationToken)
    {
        var details = JsonSerializer.Serialize(new
        {
            received = summary.Received,
            completed = summary.Completed,
            pending = summary.Pending,
            retried = summary.Retried,
            resolved = summary.Resolved,
            failed_by_type = summary.FailedByType,
            failed_by_workspace = FailedByWorkspace(summary.FailedByWorkspace),
            warehouse_statements = summary.WarehouseStatements,
            messages_per_second = Math.Round(summary.MessagesPerSecond, 2),
            workspace_rates = summary.WorkspaceRates.Select(w => new
            {
                workspace_url = w.WorkspaceUrl,
                requests = w.Requests,
                rate_limited = w.RateLimited,
                requests_per_second = Math.Round(w.RequestsPerSecond, 2),
                settled_requests_per_second = w.SettledRequestsPerSecond,
                max_requests_per_second = w.MaxRequestsPerSecond,
            }),
        });
        object?[] row =
        [
            summary.RunId, MessageIngestion, null, null, null, MessageDetailsRow.Utc(summary.StartedAt), MessageDetailsRow.Utc(summary.FinishedAt),
            summary.Status, null, null, summary.Fetched, summary.Stored, summary.Failed, details, summary.Error,
        ];
        return warehouse.UpsertAsync(warehouse.Tables.IngestionRuns, KeyColumns, Columns, [row], 1, cancellationToken);
    }

    /// <summary>The JOB row of Invoke-GenieObservabilityJob: the refresh window, counts, and the ids of the runs it made.</summary>
    public static Task<int> WriteJobAsync(IWarehouse warehouse, GenieObservabilityJobSummary job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(warehouse);
        ArgumentNullException.ThrowIfNull(job);
        var details = JsonSerializer.Serialize(new
        {
            refresh_run_id = job.Refresh?.RunId,
            refresh_state = job.Refresh?.Status,
            ingestion_run_id = job.Ingestion?.RunId,
            failed_step = job.FailedStep,
            to_fetch_by_reason = job.ToFetchByReason,
            failed_by_type = job.Ingestion?.FailedByType,
            failed_by_workspace = FailedByWorkspace(job.FailedByWorkspace),
            space_sync = job.SpaceSync is null ? null : new
            {
                batch_id = job.SpaceSync.BatchId,
                spaces = job.SpaceSync.Spaces,
                synced = job.SpacesSynced,
                unchanged = job.SpacesUnchanged,
                failed = job.SpacesFailed,
                empty = job.SpaceSync.Empty,
                forbidden = job.SpaceSync.Forbidden,
                not_found = job.SpaceSync.NotFound,
            },
            query_metrics = job.QueryMetrics is null ? null : new
            {
                run_id = job.QueryMetrics.RunId,
                statements = job.QueryMetrics.Statements,
                found = job.QueryMetrics.Found,
                pending = job.QueryMetrics.Pending,
                not_available = job.QueryMetrics.NotAvailable,
                lookup_failed = job.QueryMetrics.LookupFailed,
                found_in_system_table = job.QueryMetrics.FoundInSystemTable,
                api_requests = job.QueryMetrics.ApiRequests,
            },
        });
        object?[] row =
        [
            job.RunId, Job, job.Refresh?.Mode.ToString(), MessageDetailsRow.Utc(job.Refresh?.WindowStart), MessageDetailsRow.Utc(job.Refresh?.WindowEnd),
            MessageDetailsRow.Utc(job.StartedAt), MessageDetailsRow.Utc(job.FinishedAt), job.Status, job.Refresh?.BronzeRows, job.Refresh?.SilverRows,
            job.Ingestion?.Fetched, job.Ingestion?.Stored, job.Ingestion?.Failed, details, job.Error,
        ];
        return warehouse.UpsertAsync(warehouse.Tables.IngestionRuns, KeyColumns, Columns, [row], 1, cancellationToken);
    }

    private static object[] FailedByWorkspace(IReadOnlyList<GenieWorkspaceFailure> workspaces) =>
        workspaces.Select(w => (object)new
        {
            workspace_url = w.WorkspaceUrl,
            workspace_ids = w.WorkspaceIds,
            error_type = w.ErrorType,
            http_status = w.HttpStatus,
            messages = w.Messages,
            first_error = w.FirstError,
        }).ToArray();
}

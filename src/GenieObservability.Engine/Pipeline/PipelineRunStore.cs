using System.Globalization;
using System.Text.Json;
using GenieObservability.Engine.Warehouse;

namespace GenieObservability.Engine.Pipeline;

/// <summary>
/// PIPELINE_REFRESH rows of genie_ingestion_runs: written when a refresh starts (RUNNING) and again when it ends, and
/// read back as the watermark of the next Auto refresh.
/// </summary>
public sealed class PipelineRunStore(IWarehouse warehouse)
{
    public const string RunType = "PIPELINE_REFRESH";
    public const string MessageIngestionRunType = "MESSAGE_INGESTION";

    private static readonly string[] Columns =
    [
        "run_id", "run_type", "mode", "window_start", "window_end", "started_at", "finished_at", "status",
        "bronze_rows", "silver_rows", "details_json", "error",
    ];

    /// <summary>
    /// The window end of the latest successful refresh whose messages were taken up: once any message ingestion has
    /// been recorded, only a refresh followed by a successful ingestion counts, so a refresh whose silver table was
    /// replaced before anything read it is read again. Null when there is none.
    /// </summary>
    public async Task<DateTime?> GetWatermarkAsync(CancellationToken cancellationToken)
    {
        var runs = warehouse.Tables.IngestionRuns;
        var sql = $"""
            SELECT r.window_end
            FROM {runs} r
            WHERE r.run_type = :refresh AND r.status = 'SUCCEEDED' AND r.window_end IS NOT NULL
              AND (
                NOT EXISTS (SELECT 1 FROM {runs} i WHERE i.run_type = :ingestion)
                OR EXISTS (SELECT 1 FROM {runs} i WHERE i.run_type = :ingestion AND i.status = 'SUCCEEDED' AND i.started_at >= r.finished_at)
              )
            ORDER BY r.window_end DESC
            LIMIT 1
            """;
        var parameters = new Dictionary<string, object?> { ["refresh"] = RunType, ["ingestion"] = MessageIngestionRunType };
        await foreach (var row in warehouse.QueryAsync(sql, parameters, cancellationToken).ConfigureAwait(false))
        {
            return row.GetTimestamp(0)?.UtcDateTime;
        }

        return null;
    }

    public Task RecordAsync(GeniePipelineRun run, RefreshWindow window, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(window);
        var details = JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["engine"] = run.Engine,
            ["requested_mode"] = run.Mode.ToString(),
            ["workspace_ids"] = run.WorkspaceIds,
            ["window_reason"] = window.Reason,
            ["gap_warning"] = window.GapWarning,
            ["days_lookback"] = window.DaysLookback,
            ["lookback_minutes"] = window.LookbackMinutes,
            ["pipeline_id"] = run.PipelineId,
            ["update_id"] = run.UpdateId,
        });
        object?[] row =
        [
            run.RunId, RunType, run.EffectiveMode.ToString(), window.Start, window.End,
            run.StartedAt.UtcDateTime, run.Status == GenieRunStatus.Running ? null : run.FinishedAt.UtcDateTime, run.Status,
            run.BronzeRows, run.SilverRows, details, run.Error,
        ];
        return warehouse.UpsertAsync(warehouse.Tables.IngestionRuns, ["run_id"], Columns, [row], 1, cancellationToken);
    }
}

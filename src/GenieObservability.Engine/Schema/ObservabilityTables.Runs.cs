using GenieObservability.Engine.Warehouse;

namespace GenieObservability.Engine.Schema;

/// <summary>The run history: every refresh, ingestion and job run; the watermark of -Mode Auto.</summary>
public static partial class ObservabilityTables
{
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
}

namespace GenieObservability;

/// <summary>
/// The outcome of one Invoke-GeniePipelineRefresh: the audit window it read, what it built and how it ended.
/// Also recorded as a PIPELINE_REFRESH row of genie_ingestion_runs (the watermark of the next Auto run).
/// </summary>
public sealed class GeniePipelineRun
{
    public string RunId { get; set; } = string.Empty;

    /// <summary>Embedded (DuckDB file) or Databricks (a Lakeflow/SDP pipeline).</summary>
    public string Engine { get; set; } = string.Empty;

    /// <summary>The mode asked for.</summary>
    public GeniePipelineMode Mode { get; set; }

    /// <summary>The mode that decided the window (Auto becomes Initial when no earlier run exists).</summary>
    public GeniePipelineMode EffectiveMode { get; set; }

    public DateTimeOffset WindowStart { get; set; }

    public DateTimeOffset WindowEnd { get; set; }

    /// <summary>Workspace ids the refresh was limited to; empty means every workspace in the audit data.</summary>
    public IReadOnlyList<string> WorkspaceIds { get; set; } = [];

    /// <summary>Rows of genie_audit_message_events after the refresh; null when they could not be counted.</summary>
    public long? BronzeRows { get; set; }

    /// <summary>Rows of genie_messages_to_fetch after the refresh; null when they could not be counted.</summary>
    public long? SilverRows { get; set; }

    public DateTimeOffset StartedAt { get; set; }

    public DateTimeOffset FinishedAt { get; set; }

    public TimeSpan Duration => FinishedAt - StartedAt;

    /// <summary>RUNNING, then SUCCEEDED, FAILED or CANCELLED (<see cref="GenieRunStatus"/>), as on the job and ingestion summaries.</summary>
    public string Status { get; set; } = string.Empty;

    /// <summary>The name this property had before it matched the other summaries; kept so scripts that read it still work.</summary>
    [System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
    public string State
    {
        get => Status;
        set => Status = value;
    }

    /// <summary>The Databricks pipeline and update, for the Databricks engine.</summary>
    public string? PipelineId { get; set; }

    public string? UpdateId { get; set; }

    /// <summary>Why the run failed (the pipeline's error events for the Databricks engine).</summary>
    public string? Error { get; set; }

    /// <summary>Why this window was chosen, e.g. "previous run ended 2026-11-20T10:00Z, minus 3h overlap".</summary>
    public string? WindowReason { get; set; }
}

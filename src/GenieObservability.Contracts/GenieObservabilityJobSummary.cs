namespace GenieObservability;

/// <summary>
/// What one Invoke-GenieObservabilityJob did: the pipeline refresh, what it offered for fetching, and the message
/// ingestion. Also recorded as a JOB row of genie_ingestion_runs.
/// </summary>
public sealed class GenieObservabilityJobSummary
{
    public string RunId { get; set; } = string.Empty;

    /// <summary>SUCCEEDED, FAILED (a step failed as a whole; see Error) or CANCELLED.</summary>
    public string Status { get; set; } = GenieRunStatus.Running;

    /// <summary>The step that failed: Refresh, Ingestion, QueryMetrics, SpaceSync or Report; null when none did.</summary>
    public string? FailedStep { get; set; }

    public GeniePipelineRun? Refresh { get; set; }

    /// <summary>Messages offered for fetching, by reason (New, Retry, Pending).</summary>
    public IReadOnlyDictionary<string, long> ToFetchByReason { get; set; } = new Dictionary<string, long>();

    public MessageIngestionSummary? Ingestion { get; set; }

    /// <summary>The query-metrics step (message_query_metrics); null when skipped (-SkipQueryMetrics) or not reached.</summary>
    public GenieQueryMetricSyncSummary? QueryMetrics { get; set; }

    /// <summary>The workspaces that failed as a whole in the ingestion step (see <see cref="MessageIngestionSummary.FailedByWorkspace"/>).</summary>
    public IReadOnlyList<GenieWorkspaceFailure> FailedByWorkspace => Ingestion?.FailedByWorkspace ?? [];

    /// <summary>The space-details sync of -SyncSpaces; null when the job did not sync spaces.</summary>
    public GenieSpaceSyncSummary? SpaceSync { get; set; }

    /// <summary>Spaces whose stored configuration is new or changed (null without -SyncSpaces).</summary>
    public int? SpacesSynced => SpaceSync?.Changed;

    /// <summary>Spaces fetched fine whose configuration had not changed (null without -SyncSpaces).</summary>
    public int? SpacesUnchanged => SpaceSync is null ? null : SpaceSync.Succeeded - SpaceSync.Changed;

    /// <summary>Spaces whose fetch was not good (empty, forbidden, not found or failed); they keep their last good configuration.</summary>
    public int? SpacesFailed => SpaceSync is null ? null : SpaceSync.Spaces - SpaceSync.Succeeded;

    /// <summary>The observability report written as the last step (-ReportPath); null without it.</summary>
    public GenieObservabilityReport? Report { get; set; }

    public DateTimeOffset StartedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    public TimeSpan Elapsed => (FinishedAt ?? StartedAt) - StartedAt;

    public string? Error { get; set; }

    public override string ToString() =>
        $"{Status}: refresh {Refresh?.Status ?? "not run"}, {Ingestion?.Stored ?? 0} messages stored, {Ingestion?.Failed ?? 0} failed"
        + (SpaceSync is null ? string.Empty : $", spaces {SpacesSynced} synced / {SpacesUnchanged} unchanged / {SpacesFailed} failed");
}

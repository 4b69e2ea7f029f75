namespace GenieObservability.Commands.Ingestion;

/// <summary>What one Invoke-GenieObservabilityJob run does, as the cmdlet's parameters said.</summary>
internal sealed record ObservabilityJobPlan(
    Engine.Pipeline.RefreshRequest Refresh,
    string? PipelineId,
    Engine.Pipeline.MessagesToFetchQuery ToFetch,
    Engine.Ingestion.MessageIngestionOptions Ingestion,
    SpaceSyncSettings? SpaceSync = null,
    Engine.Report.ReportRequest? Report = null,
    Engine.QueryMetrics.QueryMetricsOptions? QueryMetrics = null);

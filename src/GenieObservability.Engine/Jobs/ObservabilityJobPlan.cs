using GenieObservability.Engine.Ingestion;
using GenieObservability.Engine.Pipeline;
using GenieObservability.Engine.QueryMetrics;
using GenieObservability.Engine.Report;

namespace GenieObservability.Engine.Jobs;

/// <summary>What one Invoke-GenieObservabilityJob run does, as the cmdlet's parameters said; a null step is left out.</summary>
public sealed record ObservabilityJobPlan(
    RefreshRequest Refresh,
    string? PipelineId,
    MessagesToFetchQuery ToFetch,
    MessageIngestionOptions Ingestion,
    SpaceSyncSettings? SpaceSync = null,
    ReportRequest? Report = null,
    QueryMetricsOptions? QueryMetrics = null);

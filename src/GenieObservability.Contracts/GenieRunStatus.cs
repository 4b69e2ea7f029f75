namespace GenieObservability;

/// <summary>
/// How a run stands: the <c>Status</c> of <see cref="GenieObservabilityJobSummary"/>, <see cref="GeniePipelineRun"/> and
/// <see cref="MessageIngestionSummary"/>, and what the run history records.
/// </summary>
public static class GenieRunStatus
{
    public const string Running = "RUNNING";

    public const string Succeeded = "SUCCEEDED";

    public const string Failed = "FAILED";

    public const string Cancelled = "CANCELLED";
}

namespace GenieObservability.Engine.Jobs;

/// <summary>The steps of the job, in the order they run: the values of <see cref="GenieObservabilityJobSummary.FailedStep"/>.</summary>
public static class ObservabilityJobStep
{
    public const string Refresh = "Refresh";

    public const string Ingestion = "Ingestion";

    public const string QueryMetrics = "QueryMetrics";

    public const string SpaceSync = "SpaceSync";

    public const string Report = "Report";
}

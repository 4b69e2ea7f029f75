namespace GenieObservability.Commands.Ingestion;

/// <summary>The knobs Import-GenieMessageDetails and Invoke-GenieObservabilityJob pass to a run.</summary>
internal sealed record MessageIngestionSettings(
    int ThrottleLimit = MessageIngestionRun.DefaultThrottleLimit,
    int BatchSize = MessageIngestionRun.DefaultBatchSize,
    double? MaxRequestsPerSecond = null,
    int MaxRetries = MessageIngestionRun.DefaultMaxRetries,
    string? RunId = null);

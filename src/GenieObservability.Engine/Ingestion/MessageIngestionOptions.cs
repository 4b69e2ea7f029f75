namespace GenieObservability.Engine.Ingestion;

/// <summary>
/// How hard to drive the Genie API and how often to write. The cmdlets build this from their parameters and it reaches
/// the ingestor unchanged; each default and range here is the only place it is written.
/// </summary>
public sealed record MessageIngestionOptions
{
    public const int DefaultThrottleLimit = 8;

    public const int MinThrottleLimit = 1;

    /// <summary>The most fetches in flight; the HTTP connection pool per workspace is sized to it.</summary>
    public const int MaxThrottleLimit = 256;

    public const int DefaultBatchSize = 500;

    public const int MinBatchSize = 1;

    public const int MaxBatchSize = 5000;

    /// <summary>Messages fetched at the same time, across all workspaces.</summary>
    public int ThrottleLimit { get; init; } = DefaultThrottleLimit;

    /// <summary>
    /// This run's own cap on requests per second to each workspace (the admin's -MaxRequestsPerSecond); null for none.
    /// It applies to the run only: other callers of the same session keep the workspace's shared rate controller as is.
    /// </summary>
    public double? MaxRequestsPerSecond { get; init; }

    /// <summary>Rows per warehouse write; a crash loses at most the batch in flight.</summary>
    public int BatchSize { get; init; } = DefaultBatchSize;

    /// <summary>A partial batch is written at least this often.</summary>
    public TimeSpan FlushInterval { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>How often progress is reported.</summary>
    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The run id (and ingestion_batch_id); a new one when null.</summary>
    public string? RunId { get; init; }

    /// <summary>Whether to write the run's row in genie_ingestion_runs.</summary>
    public bool RecordRun { get; init; } = true;

    /// <summary>
    /// The workspace the session is connected to. When every workspace of a run was down and this one had no message
    /// in it, it is checked too: the run failed as a whole only if no workspace at all answers.
    /// </summary>
    public Uri? ConnectedWorkspace { get; init; }

    internal void Validate()
    {
        if (ThrottleLimit is < MinThrottleLimit or > MaxThrottleLimit)
        {
            throw new GenieObservabilityException($"ThrottleLimit must be between {MinThrottleLimit} and {MaxThrottleLimit} (was {ThrottleLimit}).", "InvalidThrottleLimit", GenieErrorCategory.InvalidArgument);
        }

        if (MaxRequestsPerSecond is { } rps && !(rps > 0 && !double.IsInfinity(rps)))
        {
            throw new GenieObservabilityException($"MaxRequestsPerSecond must be a positive number (was {rps}).", "InvalidMaxRequestsPerSecond", GenieErrorCategory.InvalidArgument);
        }

        if (BatchSize is < MinBatchSize or > MaxBatchSize)
        {
            throw new GenieObservabilityException($"BatchSize must be between {MinBatchSize} and {MaxBatchSize} (was {BatchSize}).", "InvalidBatchSize", GenieErrorCategory.InvalidArgument);
        }
    }
}

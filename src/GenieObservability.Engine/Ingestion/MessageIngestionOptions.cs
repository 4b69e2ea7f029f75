namespace GenieObservability.Engine.Ingestion;

/// <summary>How hard to drive the Genie API and how often to write.</summary>
public sealed class MessageIngestionOptions
{
    /// <summary>Messages fetched at the same time, across all workspaces.</summary>
    public int ThrottleLimit { get; init; } = 8;

    /// <summary>
    /// This run's own cap on requests per second to each workspace (the admin's -MaxRequestsPerSecond); null for none.
    /// It applies to the run only: other callers of the same session keep the workspace's shared rate controller as is.
    /// </summary>
    public double? MaxRequestsPerSecond { get; init; }

    /// <summary>Rows per warehouse write; a crash loses at most the batch in flight.</summary>
    public int BatchSize { get; init; } = 500;

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
        if (ThrottleLimit is < 1 or > 256)
        {
            throw new GenieObservabilityException($"ThrottleLimit must be between 1 and 256 (was {ThrottleLimit}).", "InvalidThrottleLimit", GenieErrorCategory.InvalidArgument);
        }

        if (MaxRequestsPerSecond is { } rps && !(rps > 0 && !double.IsInfinity(rps)))
        {
            throw new GenieObservabilityException($"MaxRequestsPerSecond must be a positive number (was {rps}).", "InvalidMaxRequestsPerSecond", GenieErrorCategory.InvalidArgument);
        }

        if (BatchSize is < 1 or > 5000)
        {
            throw new GenieObservabilityException($"BatchSize must be between 1 and 5000 (was {BatchSize}).", "InvalidBatchSize", GenieErrorCategory.InvalidArgument);
        }
    }
}

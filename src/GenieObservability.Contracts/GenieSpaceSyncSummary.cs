namespace GenieObservability;

/// <summary>What one Sync-GenieSpaceDetails run did (written to the Information stream, tag GenieSpaceSyncSummary).</summary>
public sealed class GenieSpaceSyncSummary
{
    public string BatchId { get; set; } = string.Empty;

    public DateTimeOffset StartedAt { get; set; }

    public DateTimeOffset FinishedAt { get; set; }

    public int Spaces { get; set; }

    public int Succeeded { get; set; }

    /// <summary>Spaces whose stored configuration changed in this run (a subset of <see cref="Succeeded"/>).</summary>
    public int Changed { get; set; }

    public int Empty { get; set; }

    public int Forbidden { get; set; }

    public int NotFound { get; set; }

    public int Failed { get; set; }

    public TimeSpan Duration => FinishedAt - StartedAt;

    public override string ToString() =>
        $"{Spaces} spaces: {Succeeded} OK ({Changed} changed), {Empty} empty, {Forbidden} forbidden, {NotFound} not found, {Failed} failed";
}

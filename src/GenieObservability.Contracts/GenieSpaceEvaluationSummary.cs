namespace GenieObservability;

/// <summary>What one Sync-GenieSpaceEvaluation did: spaces listed, runs found, stored, skipped as already finished, failures.</summary>
public sealed class GenieSpaceEvaluationSummary
{
    public int Spaces { get; set; }

    /// <summary>Spaces whose runs could not be listed (forbidden, not found, failed); they are left as they were.</summary>
    public int SpacesFailed { get; set; }

    public int RunsListed { get; set; }

    /// <summary>Runs new or still running, fetched and stored with their results.</summary>
    public int RunsStored { get; set; }

    /// <summary>Runs already stored as finished: not fetched again.</summary>
    public int RunsSkipped { get; set; }

    /// <summary>Runs whose results could not be read; stored as not finished, so the next sync tries again.</summary>
    public int RunsFailed { get; set; }

    public int ResultsStored { get; set; }

    public override string ToString() =>
        $"{Spaces} spaces ({SpacesFailed} failed), {RunsListed} runs listed: {RunsStored} stored, {RunsSkipped} already finished, {RunsFailed} failed; {ResultsStored} results stored";
}

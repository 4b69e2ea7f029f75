namespace GenieObservability;

/// <summary>
/// One evaluation (benchmark) run of a Genie space as Sync-GenieSpaceEvaluation stored it in genie_space_eval_runs:
/// the run's counts from the API and how many per-question results were stored with it.
/// </summary>
public sealed class GenieSpaceEvaluationRun
{
    /// <summary>DONE, EVALUATION_FAILED, EVALUATION_CANCELLED and EVALUATION_TIMEOUT: the run will not change any more.</summary>
    public static readonly IReadOnlyList<string> FinishedStatuses = ["DONE", "EVALUATION_FAILED", "EVALUATION_CANCELLED", "EVALUATION_TIMEOUT"];

    public string WorkspaceId { get; set; } = string.Empty;

    public string SpaceId { get; set; } = string.Empty;

    public string EvalRunId { get; set; } = string.Empty;

    /// <summary>NOT_STARTED, RUNNING, DONE, EVALUATION_FAILED, EVALUATION_CANCELLED or EVALUATION_TIMEOUT (kept as sent).</summary>
    public string? Status { get; set; }

    public long? NumQuestions { get; set; }

    /// <summary>Questions assessed GOOD.</summary>
    public long? NumCorrect { get; set; }

    public long? NumNeedsReview { get; set; }

    public long? NumDone { get; set; }

    /// <summary>The id of the user who started the run.</summary>
    public long? RunByUser { get; set; }

    public DateTimeOffset? CreatedTimestamp { get; set; }

    public DateTimeOffset? LastUpdatedTimestamp { get; set; }

    /// <summary>Per-question results stored for the run by this sync.</summary>
    public int ResultsStored { get; set; }

    public bool IsFinished => Status is not null && FinishedStatuses.Contains(Status, StringComparer.OrdinalIgnoreCase);

    /// <summary>NumCorrect ÷ NumQuestions of a DONE run; null for any other run or a run without questions.</summary>
    public double? Accuracy => string.Equals(Status, "DONE", StringComparison.OrdinalIgnoreCase) && NumQuestions is > 0 && NumCorrect is { } correct
        ? (double)correct / NumQuestions.Value
        : null;
}

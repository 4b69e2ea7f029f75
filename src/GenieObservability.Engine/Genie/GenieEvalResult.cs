namespace GenieObservability.Engine.Genie;

/// <summary>
/// One benchmark question's result in an evaluation run: the list item (GenieEvalResult: result_id,
/// benchmark_question_id, status, question, benchmark_answer, created_by_user) completed with the details
/// (GenieEvalResultDetails: assessment GOOD/BAD/NEEDS_REVIEW, assessment_reasons, manual_assessment, eval_run_status,
/// actual_response, expected_response). Source: databricks-sdk-go v0.175.0 service/dashboards/model.go.
/// </summary>
public sealed record GenieEvalResult
{
    public required string ResultId { get; init; }

    public string? SpaceId { get; init; }

    public string? BenchmarkQuestionId { get; init; }

    public string? Status { get; init; }

    public string? Question { get; init; }

    public string? BenchmarkAnswer { get; init; }

    public long? CreatedByUser { get; init; }

    /// <summary>GOOD, BAD or NEEDS_REVIEW; null until the details are read (or while the question is not evaluated).</summary>
    public string? Assessment { get; init; }

    /// <summary>assessment_reasons as a JSON array of ScoreReason names.</summary>
    public string? AssessmentReasonsJson { get; init; }

    public bool? ManualAssessment { get; init; }

    public string? ActualResponseJson { get; init; }

    public string? ExpectedResponseJson { get; init; }
}

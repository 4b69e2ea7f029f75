using GenieObservability.Engine.Warehouse;

namespace GenieObservability.Engine.Schema;

/// <summary>The tables of space evaluation (benchmark) runs and their per-question results.</summary>
public static class EvaluationTables
{
    private const ColumnType S = ColumnType.Text;
    private const ColumnType B = ColumnType.BigWholeNumber;
    private const ColumnType I = ColumnType.WholeNumber;
    private const ColumnType T = ColumnType.Timestamp;

    public static TableDefinition EvalRuns { get; } = new(
        "genie_space_eval_runs",
        "One row per evaluation (benchmark) run of a Genie space; a run stored as finished is not fetched again.",
        ["workspace_id", "space_id", "eval_run_id"],
        [
            new("workspace_id", S, "Databricks workspace id."),
            new("space_id", S, "Genie space id."),
            new("eval_run_id", S, "Evaluation run id."),
            new("workspace_url", S, "Workspace URL the run was read from."),
            new("eval_run_status", S, "NOT_STARTED, RUNNING, DONE, EVALUATION_FAILED, EVALUATION_CANCELLED or EVALUATION_TIMEOUT."),
            new("is_finished", ColumnType.Boolean, "True once the run is in a final status and its results are stored."),
            new("num_questions", B, "Benchmark questions in the run."),
            new("num_correct", B, "Questions assessed GOOD."),
            new("num_needs_review", B, "Questions that need a manual review."),
            new("num_done", B, "Questions evaluated so far."),
            new("run_by_user", B, "Id of the user who started the run."),
            new("created_timestamp", T, "When the run was created (UTC)."),
            new("last_updated_timestamp", T, "When the run last changed (UTC)."),
            new("results_stored", I, "Results stored in genie_space_eval_results for the run."),
            new("ingestion_batch_id", S, "Sync that last wrote this row."),
            new("ingestion_timestamp", T, "When this row was last written (UTC)."),
        ]);

    public static TableDefinition EvalResults { get; } = new(
        "genie_space_eval_results",
        "One row per benchmark question of an evaluation run, with its GOOD/BAD/NEEDS_REVIEW assessment.",
        ["workspace_id", "space_id", "eval_run_id", "result_id"],
        [
            new("workspace_id", S, "Databricks workspace id."),
            new("space_id", S, "Genie space id."),
            new("eval_run_id", S, "Evaluation run id."),
            new("result_id", S, "Result id."),
            new("benchmark_question_id", S, "The benchmark question evaluated."),
            new("question", S, "The benchmark question text as evaluated."),
            new("benchmark_answer", S, "The benchmark answer as evaluated."),
            new("status", S, "Evaluation status of the question."),
            new("assessment", S, "GOOD, BAD or NEEDS_REVIEW."),
            new("assessment_reasons", S, "Why the answer was assessed BAD, as a JSON array of reasons."),
            new("manual_assessment", ColumnType.Boolean, "True when a person assessed the answer."),
            new("created_by_user", B, "Id of the user who created the result."),
            new("actual_response_json", S, "Genie's response (JSON array)."),
            new("expected_response_json", S, "The expected response (JSON array)."),
            new("ingestion_batch_id", S, "Sync that last wrote this row."),
            new("ingestion_timestamp", T, "When this row was last written (UTC)."),
        ]);

    public static IReadOnlyList<TableDefinition> All { get; } = [EvalRuns, EvalResults];
}

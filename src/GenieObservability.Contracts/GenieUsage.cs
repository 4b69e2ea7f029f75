namespace GenieObservability;

/// <summary>
/// One row of Get-GenieUsage: a period, space, user or workspace with its questions and their outcomes over the window.
/// The definitions (question, answered, user, satisfaction) are those of the README's "Definitions".
/// </summary>
public sealed class GenieUsage
{
    public GenieUsageGrouping By { get; set; }

    /// <summary>What the row is for, as shown: the period's first day (yyyy-MM-dd), the space title, the user or the workspace.</summary>
    public string Key { get; set; } = string.Empty;

    /// <summary>First day (UTC) of the day, week or month; null for the other groupings.</summary>
    public DateTimeOffset? PeriodStart { get; set; }

    public string? WorkspaceId { get; set; }

    public string? WorkspaceName { get; set; }

    public string? SpaceId { get; set; }

    public string? SpaceTitle { get; set; }

    /// <summary>The user's email (from the audit log), else "user &lt;id&gt;"; set when grouped by user.</summary>
    public string? User { get; set; }

    public long Questions { get; set; }

    public long Conversations { get; set; }

    /// <summary>Distinct users who asked (1 when grouped by user).</summary>
    public long Users { get; set; }

    /// <summary>Distinct spaces asked in; set when grouped by user or workspace.</summary>
    public long? Spaces { get; set; }

    /// <summary>Questions answered with SQL or with text only.</summary>
    public long Answered { get; set; }

    public long AnsweredWithSql { get; set; }

    public long AnsweredWithText { get; set; }

    public long Failed { get; set; }

    public long Cancelled { get; set; }

    /// <summary>Questions Genie had not finished when they were last fetched.</summary>
    public long Pending { get; set; }

    /// <summary>Answered / (Questions - Pending), 0..1; null when no question has an outcome yet.</summary>
    public double? AnswerRate { get; set; }

    /// <summary>Answers rated thumbs up or down.</summary>
    public long Rated { get; set; }

    public long Positive { get; set; }

    public long Negative { get; set; }

    /// <summary>Positive / Rated, 0..1; null when nothing was rated.</summary>
    public double? Satisfaction { get; set; }

    public DateTimeOffset? LastQuestionAt { get; set; }

    /// <summary>
    /// Grouped by space: accuracy (questions assessed GOOD / questions) of the space's latest DONE evaluation run, any
    /// time up to the window's end; null when the space has no such run (Sync-GenieSpaceEvaluation stores them).
    /// </summary>
    public double? EvaluationAccuracy { get; set; }

    /// <summary>Grouped by space: when that evaluation run was created; null when there is none.</summary>
    public DateTimeOffset? EvaluatedAt { get; set; }

    /// <summary>
    /// SQL statements of the row's questions that Sync-GenieQueryMetric looked up (rows of message_query_metrics).
    /// This and the other Quer* properties are null when the warehouse has no message_query_metrics table.
    /// </summary>
    public long? QueryStatements { get; set; }

    /// <summary>Statements found in query history with a final status (FINISHED, FAILED or CANCELED): what the failure share and durations are over.</summary>
    public long? QueriesMeasured { get; set; }

    /// <summary>Measured statements with status FAILED.</summary>
    public long? QueriesFailed { get; set; }

    /// <summary>Measured statements with status CANCELED.</summary>
    public long? QueriesCanceled { get; set; }

    /// <summary>Statements not in query history yet (looked up again by later runs); not failures.</summary>
    public long? QueriesPending { get; set; }

    /// <summary>Statements still not in query history when the lookups gave up; not failures.</summary>
    public long? QueriesNotAvailable { get; set; }

    /// <summary>Answers whose statement (message_details.statement_id) has not been looked up yet.</summary>
    public long? QueriesNotLookedUp { get; set; }

    /// <summary>(QueriesFailed + QueriesCanceled) / QueriesMeasured, 0..1; null when no statement was measured.</summary>
    public double? QueryFailureShare { get; set; }

    /// <summary>Median total duration of the measured statements, in milliseconds; null when none was measured.</summary>
    public double? QueryDurationMedianMs { get; set; }

    /// <summary>95th percentile (interpolated) of the measured statements' total duration, in milliseconds.</summary>
    public double? QueryDurationP95Ms { get; set; }

    public override string ToString() => $"{By} {Key}: {Questions} questions";
}

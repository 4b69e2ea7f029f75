@{
    Synopsis    = 'Shows how much Genie is used and how well it answers, per day, week, month, space, user or workspace.'
    Description = @'
Runs the usage_by_period, usage_by_space, usage_by_user or usage_by_workspace query of the module's sql folder (sql/genie_observability_queries.sql on a SQL warehouse, its DuckDB twin on the embedded warehouse) over the last -Days whole days (UTC, today included) and returns one GenieUsage row per period or key: questions, conversations, users, answered (with SQL or text only), failed, cancelled, pending, the answer rate and, when answers were rated, the satisfaction. Grouped by space, each row also carries EvaluationAccuracy and EvaluatedAt: the space's latest DONE evaluation (benchmark) run from the space_evaluations query (questions assessed GOOD / questions), empty when the space was never evaluated or Sync-GenieSpaceEvaluation has not run.

Every row also carries the query performance of its questions' SQL from message_query_metrics (the query_performance query, grouped the same way): QueryStatements (statements looked up), QueriesMeasured (found in query history with a final status), QueriesFailed (FAILED), QueriesCanceled (CANCELED), QueryFailureShare ((failed + canceled) / measured), QueryDurationMedianMs and QueryDurationP95Ms (total duration of the measured ones), and apart from those, never as failures: QueriesPending (not in query history yet), QueriesNotAvailable (given up) and QueriesNotLookedUp (answers whose statement Sync-GenieQueryMetric has not looked up yet). QueryFailureShare and the durations are empty when nothing was measured; all of them are empty when the warehouse has no message_query_metrics table. Get-GenieQueryMetric lists the slowest statements with their question.

A question is a stored message (a row of message_details); the answer rate is answered / (questions - pending); satisfaction is the share of rated answers that are positive (ratings given after a message was stored are kept current, see Get-GenieMessagesToFetch -Reason Feedback). The README's "Definitions" section has all of them. Days without questions return no row. Rows stream as the warehouse returns them, so the output pipes into Sort-Object, Where-Object or Export-Csv like any other.

The tables must exist (Install-GenieObservabilitySchema, then Invoke-GenieObservabilityJob fills them); a -WorkspaceId the tables do not know is an error that lists the known ones.
'@
    Outputs     = 'GenieObservability.GenieUsage: one per day, week (starting Monday), month, space, user or workspace with questions in the window.'
    Parameters  = @{
        By          = 'What one row stands for: Day, Week (starting Monday), Month, Space, User or Workspace.'
        Days        = 'The window: this many whole days ending today (UTC), 1 to 3650; 30 by default.'
        WorkspaceId = 'Only these workspaces; every workspace by default. An id the tables do not know is an error.'
        SpaceId     = 'Only these spaces. Binds the SpaceId or space_id property of piped objects.'
    }
    Examples    = @(
        @{
            Code    = 'Get-GenieUsage -By Space | Sort-Object AnswerRate | Select-Object -First 5'
            Remarks = 'The five spaces of the last 30 days that answer worst.'
        }
        @{
            Code    = 'Get-GenieUsage -By Week -Days 90 | Format-Table Key, Questions, Users, AnswerRate'
            Remarks = 'Weekly questions, active users and answer rate over the last 90 days.'
        }
        @{
            Code    = 'Get-GenieUsage -By Space | Sort-Object QueryFailureShare -Descending | Format-Table Key, QueriesMeasured, QueriesFailed, QueriesCanceled, QueryFailureShare, QueryDurationMedianMs'
            Remarks = 'The spaces whose SQL fails most often, with how many statements that share is over.'
        }
        @{
            Code    = 'Get-GenieUsage -By User -Days 7 -WorkspaceId 1234567890123456 | Export-Csv ./users.csv'
            Remarks = 'Who asked how much in one workspace last week, as CSV.'
        }
    )
    Links       = @('Get-GenieQuestion', 'Get-GenieQueryMetric', 'Export-GenieObservabilityReport', 'Invoke-GenieSql')
}

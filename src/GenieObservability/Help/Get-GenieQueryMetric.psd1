@{
    Synopsis    = 'Lists the SQL statements behind Genie answers, slowest first, each with the question it answered.'
    Description = @'
Runs the slowest_queries query of the module's sql folder (sql/genie_observability_queries.sql on a SQL warehouse, its DuckDB twin on the embedded warehouse): the statements of message_query_metrics that query history has measured (availability FOUND, final status FINISHED, FAILED or CANCELED), of the questions asked in the last -Days whole days (UTC, today included), longest total duration first, at most -First of them. Each GenieQueryMetric carries the question's text, space, user and time, and the statement's status, total, execution and queue durations (milliseconds), rows produced, bytes read, warehouse and error. Sql is the question's SQL when the statement is its first query attachment's (message_details keeps one SQL text per message); it is empty for a message's other statements.

Sync-GenieQueryMetric (and the job, Invoke-GenieObservabilityJob, by default) fills message_query_metrics from query history. Statements not in query history yet (PENDING), given up (NOT_AVAILABLE) or not looked up yet have no duration and are not listed; Get-GenieUsage counts them (QueriesPending, QueriesNotAvailable, QueriesNotLookedUp) beside the query failure share. -Status FAILED,CANCELED lists the statements that count as failed, with their error.

The tables must exist (Install-GenieObservabilitySchema): without message_query_metrics the error QueryMetricsTableMissing says what to run; a -WorkspaceId the tables do not know is an error that lists the known ones. Rows stream as the warehouse returns them.
'@
    Outputs     = 'GenieObservability.GenieQueryMetric: one per measured statement, slowest first.'
    Parameters  = @{
        SpaceId     = 'Only the statements of these spaces. Binds the SpaceId or space_id property of piped objects (e.g. Get-GenieUsage -By Space rows).'
        WorkspaceId = 'Only these workspaces; every workspace by default. An id the tables do not know is an error.'
        Days        = 'The window: statements of the questions asked in this many whole days ending today (UTC), 1 to 3650; 30 by default.'
        Status      = 'Only statements with these final statuses: FINISHED, FAILED, CANCELED. Every one by default.'
        First       = 'At most this many statements, the slowest; 20 by default.'
    }
    Examples    = @(
        @{
            Code    = 'Get-GenieQueryMetric -Days 7 | Format-Table TotalDurationMs, SpaceTitle, Status, Question'
            Remarks = 'The 20 slowest queries Genie ran for last week''s questions, with the question each answered.'
        }
        @{
            Code    = 'Get-GenieQueryMetric -Status FAILED, CANCELED -First 100 | Format-List SpaceTitle, User, Question, Error'
            Remarks = 'The statements that count as query failures, with their error.'
        }
        @{
            Code    = 'Get-GenieUsage -By Space | Sort-Object QueryFailureShare -Descending | Select-Object -First 1 | Get-GenieQueryMetric -First 5'
            Remarks = 'The slowest queries of the space whose queries fail most often.'
        }
    )
    Links       = @('Sync-GenieQueryMetric', 'Get-GenieUsage', 'Get-GenieQuestion', 'Export-GenieObservabilityReport')
}

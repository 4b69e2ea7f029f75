@{
    Synopsis    = 'Lists stored Genie questions, newest first, with their space, user, outcome, SQL and error.'
    Description = @'
Runs the questions query of the module's sql folder and streams one GenieQuestion per stored message (message_details), newest first: the space title (from genie_space_details), the user's email (from the audit log), when it was asked, the Genie status and outcome (ANSWERED_SQL, ANSWERED_TEXT, FAILED, CANCELLED or PENDING), the question, the SQL Genie answered with, and the error. It is what a space curator reads to improve the space's instructions.

Filters combine: -SpaceId, -WorkspaceId, -User, -Status (Genie statuses such as FAILED or COMPLETED), -Unanswered (failed, cancelled or still pending), -Since and -Search (text the question, its SQL or its error contains, case-insensitive, taken literally). -First stops after that many rows, which the warehouse returns without sorting everything.

The tables must exist (Install-GenieObservabilitySchema); a -WorkspaceId the tables do not know is an error that lists the known ones.
'@
    Outputs     = 'GenieObservability.GenieQuestion: one per stored question.'
    Parameters  = @{
        SpaceId     = 'Only questions of these spaces. Binds the SpaceId or space_id property of piped objects (e.g. Get-GenieUsage -By Space).'
        WorkspaceId = 'Only questions of these workspaces. An id the tables do not know is an error.'
        User        = 'Only questions of this user: an email (case-insensitive) or a numeric user id.'
        Status      = 'Only questions in these Genie statuses, e.g. FAILED, CANCELLED, COMPLETED, QUERY_RESULT_EXPIRED, EXECUTING_QUERY.'
        Unanswered  = 'Only questions that were not answered: failed, cancelled, or still pending when last fetched.'
        Since       = 'Only questions asked at or after this time (a time without offset is local time).'
        Search      = 'Only questions whose text, SQL or error contains this text (case-insensitive; % and _ are taken literally).'
        First       = 'At most this many questions (the newest).'
    }
    Examples    = @(
        @{
            Code    = 'Get-GenieQuestion -Unanswered -Since (Get-Date).AddDays(-7) | Format-List SpaceTitle, User, Question, ErrorType, Error'
            Remarks = 'Last week''s questions Genie did not answer, with their errors.'
        }
        @{
            Code    = 'Get-GenieUsage -By Space | Sort-Object AnswerRate | Select-Object -First 1 | Get-GenieQuestion -Status FAILED -First 20'
            Remarks = 'The latest failed questions of the space that answers worst.'
        }
        @{
            Code    = 'Get-GenieQuestion -Search revenue -First 10 | Select-Object AskedAt, Question, Sql'
            Remarks = 'Questions about revenue and the SQL Genie wrote for them.'
        }
    )
    Links       = @('Get-GenieUsage', 'Export-GenieObservabilityReport', 'Import-GenieMessageDetails')
}

@{
    Synopsis    = 'Fetches Genie messages from the API and upserts them into message_details, with failures in message_fetch_errors.'
    Description = @'
Takes the messages Get-GenieMessagesToFetch emits (by property name from the pipeline, or as -InputObject) and streams them into a bounded pool of at most -ThrottleLimit concurrent GET message calls. Input is processed as it arrives; nothing is collected first, so memory stays flat however many messages there are.

Results are written in batches: every -BatchSize rows, and at least every three seconds, one multi-row MERGE into message_details keyed on (workspace_id, message_id). A crash loses at most the batch in flight, and a re-run fetches those messages again and upserts them, so every message is stored exactly once. A message caught in a non-terminal status (SUBMITTED ... EXECUTING_QUERY) is stored as it is; Get-GenieMessagesToFetch offers it again (Reason Pending) until it is terminal, and the row is updated in place. A stored message rated or commented on later is offered again (Reason Feedback): its rating is updated in place, its feedback comment and current rating go to message_feedback, and its comments (GET .../messages/{id}/comments, every page) to message_comments, keyed by workspace, message and comment id (a comment deleted in Genie is removed). Comments are also read for new messages whose audit trail has feedback or comment events, or whose feedback carries a comment. When the comments cannot be read the message is still stored and the summary counts it (CommentFetchesFailed, one warning per run); after a transient failure a later run offers it again, after a permanent one (forbidden, not found) the rating is recorded without comments so the message is not fetched on every run. Every column is filled from the API: the question, status, timestamps, user id, feedback rating, message error type, the SQL, description and statement id of the first query attachment, and all attachments whole and valid in attachments_json. space_name comes from genie_space_details, else from one GET per space for the whole run.

A message that cannot be fetched gets one row in message_fetch_errors (upserted: retry_count + 1, error type, HTTP status, error code, message, last attempt time) and a non-terminating error. Transient types (RATE_LIMITED, TIMEOUT, SERVER_ERROR, AUTH_ERROR, NO_TOKEN, INVALID_RESPONSE) are offered again by later runs up to -MaxRetries; NOT_FOUND and PERMISSION_DENIED are permanent. When a later fetch succeeds the error row is marked resolved. A workspace whose credential cannot produce a token fails all its messages as NO_TOKEN without sending a request, and the other workspaces carry on. The client retries 429 and 503 honouring Retry-After; when a workspace keeps throttling, every worker of that workspace pauses, so a 429 storm slows the pool down instead of failing messages.

Ctrl+C stops the fetches at once; what was already fetched is still written before the command stops. The command always ends with one summary object (stored, completed, pending, failed by error type, retried, resolved, feedback refreshed, comments stored, elapsed, messages per second), also recorded as a MESSAGE_INGESTION row of genie_ingestion_runs. It fails as a whole only when the warehouse cannot be written.
'@
    Outputs     = 'One MessageIngestionSummary, last. With -PassThru, first a GenieStoredMessage for each row stored.'
    Parameters  = @{
        InputObject          = 'Messages to fetch, as Get-GenieMessagesToFetch emits them. Also bound from the pipeline.'
        WorkspaceId          = 'The workspace id of the message (bound by property name from the pipeline).'
        WorkspaceUrl         = 'The URL of the workspace the message lives in. When empty, the connected workspace.'
        WorkspaceName        = 'The workspace name stored in workspace_name.'
        SpaceId              = 'The Genie space of the message.'
        ConversationId       = 'The conversation of the message.'
        MessageId            = 'The message to fetch.'
        EventTime            = 'The latest audit event of the message, stored in audit_event_time.'
        UserEmail            = 'The email of the user the audit log names, stored in user_email (the API gives only a numeric user id).'
        Reason               = 'Why the message is offered: New, Retry (an earlier transient failure), Pending (stored in a non-terminal status) or Feedback (stored, then rated or commented on).'
        FeedbackEventTime    = 'The latest feedback or comment audit event of the message (from Get-GenieMessagesToFetch); once the message and its comments are stored it is recorded in message_feedback, so the same event does not offer the message again.'
        RetryCount           = 'Failed attempts so far; a Retry with RetryCount at or above -MaxRetries is skipped.'
        ThrottleLimit        = 'Messages fetched at the same time, across all workspaces (1-256, default 8). Throughput is about ThrottleLimit / API latency.'
        BatchSize            = 'Rows per warehouse write (1-5000, default 500). A partial batch is written at least every three seconds.'
        MaxRequestsPerSecond = 'A request budget per workspace for this run, on top of the Retry-After handling; by default none.'
        MaxRetries           = 'Failed attempts after which a transient failure is no longer retried (default 5).'
        PassThru             = 'Also emits each stored message (the row as written).'
    }
    Examples    = @(
        @{
            Code    = 'Invoke-GeniePipelineRefresh -Mode Auto | Get-GenieMessagesToFetch | Import-GenieMessageDetails -ThrottleLimit 16'
            Remarks = 'Refreshes the audit pipeline, then fetches every new, retryable and still-pending message with 16 concurrent calls and shows the summary.'
        }
        @{
            Code    = '$summary = Get-GenieMessagesToFetch | Import-GenieMessageDetails -MaxRequestsPerSecond 20 -ErrorAction SilentlyContinue; $summary.FailedByType'
            Remarks = 'Stays under 20 requests per second per workspace, keeps per-message errors out of the console and shows the failures by type.'
        }
        @{
            Code    = 'Get-GenieMessagesToFetch | Import-GenieMessageDetails -PassThru | Where-Object Status -EQ COMPLETED | Select-Object SpaceName, Content, QuerySql'
            Remarks = 'Shows the questions and SQL of the messages stored by this run.'
        }
    )
    Links       = @('Get-GenieMessagesToFetch', 'Invoke-GeniePipelineRefresh', 'Invoke-GenieObservabilityJob')
    Notes       = 'Needs a workspace (Connect-GenieWorkspace); writes to the connected warehouse, by default the embedded DuckDB file.'
}

@{
    Synopsis    = 'Fetches Genie messages from the API and upserts them into message_details, with failures in message_fetch_errors.'
    Description = @'
Takes the messages Get-GenieMessagesToFetch emits (by property name from the pipeline, or as -InputObject) and streams them into a bounded pool of at most -ThrottleLimit concurrent GET message calls. Input is processed as it arrives; nothing is collected first, so memory stays flat however many messages there are.

Results are written in batches: every -BatchSize rows, and at least every three seconds, one multi-row MERGE into message_details keyed on (workspace_id, message_id). A crash loses at most the batch in flight, and a re-run fetches those messages again and upserts them, so every message is stored exactly once. A message caught in a non-terminal status (SUBMITTED ... EXECUTING_QUERY) is stored as it is; Get-GenieMessagesToFetch offers it again (Reason Pending) until it is terminal, and the row is updated in place. A stored message rated or commented on later is offered again (Reason Feedback): its rating is updated in place, its feedback comment and current rating go to message_feedback, and its comments (GET .../messages/{id}/comments, every page) to message_comments, keyed by workspace, message and comment id (a comment deleted in Genie is removed). Comments are also read for new messages whose audit trail has feedback or comment events, or whose feedback carries a comment. When the comments cannot be read the message is still stored and the summary counts it (CommentFetchesFailed, one warning per run); after a transient failure a later run offers it again, after a permanent one (forbidden, not found) the rating is recorded without comments so the message is not fetched on every run. Every column is filled from the API: the question, status, timestamps, user id, feedback rating, message error type, the SQL, description and statement id of the first query attachment, and all attachments whole and valid in attachments_json. space_name comes from genie_space_details, else from one GET per space for the whole run.

A message that cannot be fetched gets one row in message_fetch_errors (upserted: error type, HTTP status, error code, message, last attempt time, retry_count). Failures are told apart by whose they are. A failure of the message itself (NOT_FOUND, PERMISSION_DENIED, or its own 5xx, timeout, 401 or invalid answer while its workspace answers a check sent right after) adds one to retry_count; transient ones are offered again by later runs up to -MaxRetries, NOT_FOUND and PERMISSION_DENIED are permanent. A failure of the workspace never counts against its messages: before its first request each workspace gets a token and one quick check (a single request, no retries), and a workspace found down (NO_TOKEN: no token could be had; CREDENTIAL_REJECTED: the token endpoint or the workspace refused the credential; WORKSPACE_UNREACHABLE: no HTTP answer, DNS, TLS, refused or reset connections; WORKSPACE_UNAVAILABLE: only 5xx answers) has its requests in flight cancelled and every remaining message recorded with that type, without a request, in seconds; the other workspaces carry on at full speed. Those messages keep their retry_count and are offered on every run until -MaxRetryAge (Get-GenieMessagesToFetch) after their first failure. When a later fetch succeeds the error row is marked resolved. The client retries 429 and 503 honouring Retry-After. Each workspace has its own rate controller, shared by every command in the session: nothing is paced until the workspace answers 429; then no request goes to it until the Retry-After has passed, and requests go out evenly at the rate it admitted since its previous 429, probed upwards from there, so the import settles near the rate the workspace admits without any setting (two workspaces with different limits each settle on their own). -MaxRequestsPerSecond caps this run on top of that. The summary's WorkspaceRates say, per workspace, how many requests were sent, how many were answered 429 and the rate the controller settled at; -Verbose shows each adjustment, at most one line a second per workspace.

Failed messages are data, not errors: they are in the tables and the summary (Failed, FailedByType, FailedByWorkspace), with one warning per workspace that was down and one with the counts of single messages (each message on -Verbose), so a runbook with $ErrorActionPreference = 'Stop' runs to the end. Piped items that cannot be fetched at all (missing ids, a workspace URL that is not https, a retry past -MaxRetries) are skipped and counted (Skipped) in one warning.

Ctrl+C stops the fetches at once; what was already fetched is still written before the command stops. The command always ends with one summary object (stored, completed, pending, failed by error type and by workspace, retried, resolved, feedback refreshed, comments stored and comment fetches failed, elapsed, messages per second, and per workspace the requests, 429s and settled rate), also recorded as a MESSAGE_INGESTION row of genie_ingestion_runs. It fails as a whole, with a terminating error after the summary, only when the warehouse cannot be written, or when not one workspace of the run could be reached (NoWorkspaceReachable; the messages are still recorded and retryable).
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
        Reason               = 'Why the message is offered: New, Retry (an earlier transient failure), Pending (stored in a non-terminal status), Feedback (stored, then rated or commented on) or Reconciliation (listed by the Genie API but unknown to the tables, from Get-GenieMessagesToFetch -Source Api).'
        FeedbackEventTime    = 'The latest feedback or comment audit event of the message (from Get-GenieMessagesToFetch); once the message and its comments are stored it is recorded in message_feedback, so the same event does not offer the message again.'
        RetryCount           = 'The message''s own failures so far; a Retry with RetryCount at or above -MaxRetries is skipped unless its last failure was its workspace''s.'
        ErrorType            = 'The error type of the last failure of a Retry (from Get-GenieMessagesToFetch).'
        ThrottleLimit        = 'Messages fetched at the same time, across all workspaces (1-256, default 8). Throughput is about ThrottleLimit / API latency.'
        BatchSize            = 'Rows per warehouse write (1-5000, default 500). A partial batch is written at least every three seconds.'
        MaxRequestsPerSecond = 'A hard cap on requests per second to each workspace, for this run only (other commands in the session are not capped). By default none: the rate each workspace admits is learned from its 429 answers.'
        MaxRetries           = 'How many of its own transient failures a message may have before it is skipped (default 5). Failures of its workspace do not count.'
        PassThru             = 'Also emits each stored message (the row as written).'
    }
    Examples    = @(
        @{
            Code    = 'Invoke-GeniePipelineRefresh -Mode Auto | Get-GenieMessagesToFetch | Import-GenieMessageDetails -ThrottleLimit 16'
            Remarks = 'Refreshes the audit pipeline, then fetches every new, retryable and still-pending message with 16 concurrent calls and shows the summary.'
        }
        @{
            Code    = '$summary = Get-GenieMessagesToFetch | Import-GenieMessageDetails -MaxRequestsPerSecond 20 -WarningAction SilentlyContinue; $summary.FailedByType; $summary.FailedByWorkspace'
            Remarks = 'Stays under 20 requests per second per workspace, keeps the warnings out of the console and shows the failures by type and the workspaces that were down.'
        }
        @{
            Code    = '(Get-GenieMessagesToFetch | Import-GenieMessageDetails -Verbose).WorkspaceRates | Format-Table WorkspaceUrl, Requests, RateLimited, SettledRequestsPerSecond'
            Remarks = 'Shows the rate controller''s adjustments while the import runs, then per workspace how many requests were answered 429 and the rate it settled at.'
        }
        @{
            Code    = 'Get-GenieMessagesToFetch | Import-GenieMessageDetails -PassThru | Where-Object Status -EQ COMPLETED | Select-Object SpaceName, Content, QuerySql'
            Remarks = 'Shows the questions and SQL of the messages stored by this run.'
        }
    )
    Links       = @('Get-GenieMessagesToFetch', 'Invoke-GeniePipelineRefresh', 'Invoke-GenieObservabilityJob')
    Notes       = 'Needs a workspace (Connect-GenieWorkspace); writes to the connected warehouse, by default the embedded DuckDB file.'
}

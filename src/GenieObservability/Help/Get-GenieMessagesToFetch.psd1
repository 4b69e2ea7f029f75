@{
    Synopsis    = 'Lists the Genie messages the ingestion should fetch: new, to retry, still pending, or rated or commented on since they were stored.'
    Description = @'
Streams one object per message, in four parts that never overlap:
- Retry: rows of message_fetch_errors not resolved that are still to retry. A failure of the message itself (TIMEOUT, SERVER_ERROR, AUTH_ERROR, INVALID_RESPONSE while its workspace answered) is retried while the message has fewer than -MaxRetries of them. A failure of its workspace (NO_TOKEN, CREDENTIAL_REJECTED, WORKSPACE_UNREACHABLE, WORKSPACE_UNAVAILABLE, RATE_LIMITED) costs the message nothing: it is retried on every run, whatever its RetryCount, until -MaxRetryAge after its first failure. Permanent errors (NOT_FOUND, PERMISSION_DENIED) are not retried.
- Pending: rows of message_details in a non-terminal status (anything but COMPLETED, FAILED, CANCELLED, QUERY_RESULT_EXPIRED) created less than -PendingMaxAge ago, so a message caught while its query ran is fetched again until it finishes.
- Feedback: messages stored in message_details (not Pending, not failing) whose silver row has a feedback or comment audit event (updateConversationMessageFeedback, genieSendMessageFeedback, createConversationMessageComment, updateConversationMessageComment, deleteConversationMessageComment) newer than the one message_feedback records as stored. The import fetches the message again and updates its rating, feedback comment and comments in place; then the same event no longer offers it. FeedbackEventTime carries that event's time. Needs a pipeline that runs the current sql/pipeline.sql (silver column last_feedback_event_time); with an older one a warning says so and no Feedback row is read.
- New: rows of genie_messages_to_fetch (silver) that are neither in message_details nor failing (and name a conversation).

A table that does not exist yet counts as empty (reading never creates tables). The properties (WorkspaceId, WorkspaceUrl, SpaceId, ConversationId, MessageId, EventTime, UserEmail, Reason, RetryCount, ErrorType, FeedbackEventTime) bind by name into Import-GenieMessageDetails. Piping Invoke-GeniePipelineRefresh into it reads the tables after the refresh has finished.
'@
    Outputs     = 'GenieObservability.GenieMessageToFetch: one per message, with Reason New, Retry, Pending or Feedback.'
    Parameters  = @{
        InputObject   = 'The GeniePipelineRun of Invoke-GeniePipelineRefresh, from the pipeline; the read waits for it. A refresh that did not succeed gives a warning.'
        WorkspaceId   = 'Only messages of these workspaces.'
        SpaceId       = 'Only messages of these Genie spaces.'
        First         = 'Stops after this many messages.'
        MaxRetries    = 'A message whose own transient failures (retry_count) reach this is no longer retried (default 5). Failures of its workspace are not counted.'
        MaxRetryAge   = 'A message whose workspace failed is retried until this long after its first failure (default 30 days); give a longer one to pick up messages of a longer outage again.'
        PendingMaxAge = 'A non-terminal message is fetched again while younger than this (default 24 hours).'
        Reason        = 'Which parts to read: New, Retry, Pending, Feedback (default all four).'
    }
    Examples    = @(
        @{
            Code    = 'Invoke-GeniePipelineRefresh | Get-GenieMessagesToFetch | Import-GenieMessageDetails -ThrottleLimit 16'
            Remarks = 'Refreshes the audit tables and fetches every message that needs it.'
        }
        @{
            Code    = 'Get-GenieMessagesToFetch | Group-Object Reason -NoElement'
            Remarks = 'Counts how many messages are new, to retry and still pending.'
        }
        @{
            Code    = "Get-GenieMessagesToFetch -WorkspaceId '1234567890' -Reason Retry -First 20"
            Remarks = 'Shows up to 20 failed fetches of one workspace that the next run will retry.'
        }
    )
    Links       = @('Invoke-GeniePipelineRefresh', 'Import-GenieMessageDetails')
}

@{
    Synopsis    = 'Lists the Genie messages the ingestion should fetch: new, to retry, still pending, or rated or commented on since they were stored.'
    Description = @'
Streams one object per message, in four parts that never overlap:
- Retry: rows of message_fetch_errors not resolved that are still to retry. A failure of the message itself (TIMEOUT, SERVER_ERROR, AUTH_ERROR, INVALID_RESPONSE while its workspace answered) is retried while the message has fewer than -MaxRetries of them. A failure of its workspace (NO_TOKEN, CREDENTIAL_REJECTED, WORKSPACE_UNREACHABLE, WORKSPACE_UNAVAILABLE, RATE_LIMITED) costs the message nothing: it is retried on every run, whatever its RetryCount, until -MaxRetryAge after its first failure. Permanent errors (NOT_FOUND, PERMISSION_DENIED) are not retried.
- Pending: rows of message_details in a non-terminal status (anything but COMPLETED, FAILED, CANCELLED, QUERY_RESULT_EXPIRED) created less than -PendingMaxAge ago, so a message caught while its query ran is fetched again until it finishes.
- Feedback: messages stored in message_details (not Pending, not failing) whose silver row has a feedback or comment audit event (updateConversationMessageFeedback, genieSendMessageFeedback, createConversationMessageComment, updateConversationMessageComment, deleteConversationMessageComment) newer than the one message_feedback records as stored. The import fetches the message again and updates its rating, feedback comment and comments in place; then the same event no longer offers it. FeedbackEventTime carries that event's time. Needs a pipeline that runs the current sql/pipeline.sql (silver column last_feedback_event_time); with an older one a warning says so and no Feedback row is read.
- New: rows of genie_messages_to_fetch (silver) that are neither in message_details nor failing (and name a conversation).

With -Source Api it reconciles the tables with the Genie API instead of reading the audit path's parts (completeness without trusting the audit log alone): for each -SpaceId space it lists every conversation (GET /api/2.0/genie/spaces/{space_id}/conversations?include_all=true, which needs CAN MANAGE on the space, every page) and each conversation's messages (GET .../conversations/{conversation_id}/messages, every page), through the connected workspace's API client (its retries and request rate). Conversations and messages created before -Since are left out; the conversation list gives no last-updated time, so a conversation created before -Since is not opened at all. A message no table knows (not in message_details, not in genie_messages_to_fetch, not in message_fetch_errors) is emitted with Reason Reconciliation; Import-GenieMessageDetails stores it like any other, so the next reconciliation no longer offers it. Conversations of the agent type (agent_type GENIE_CONVERSATION_TYPE_AGENT) have their own endpoint, which no SDK has yet: they are skipped and counted. One warning per run says how many listed messages the audit path had missed, how many agent conversations were skipped and how many spaces or conversations could not be listed (a space that cannot be listed is skipped; when none can, the command fails). The workspace id of the offered messages is -WorkspaceId when given, else the id the tables store for the connected workspace's URL, else the number in an adb-<id> host name.

A table that does not exist yet counts as empty (reading never creates tables). The properties (WorkspaceId, WorkspaceUrl, SpaceId, ConversationId, MessageId, EventTime, UserEmail, Reason, RetryCount, ErrorType, FeedbackEventTime) bind by name into Import-GenieMessageDetails. Piping Invoke-GeniePipelineRefresh into it reads the tables after the refresh has finished.
'@
    Outputs     = 'GenieObservability.GenieMessageToFetch: one per message, with Reason New, Retry, Pending or Feedback (Reconciliation with -Source Api).'
    Parameters  = @{
        InputObject   = 'The GeniePipelineRun of Invoke-GeniePipelineRefresh, from the pipeline; the read waits for it. A refresh that did not succeed gives a warning.'
        WorkspaceId   = 'Only messages of these workspaces. With -Source Api: the workspace id the offered messages are stored under (the first one given).'
        SpaceId       = 'Only messages of these Genie spaces. With -Source Api: the spaces to reconcile (required).'
        Source        = 'Warehouse (default): the audit path''s tables. Api: reconcile the -SpaceId spaces with the Genie API''s conversation and message lists and offer the messages no table knows (Reason Reconciliation).'
        Since         = 'With -Source Api: conversations and messages created before this are not listed or offered (default 30 days ago).'
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
        @{
            Code    = "Get-GenieMessagesToFetch -Source Api -SpaceId 01f0c0ffee0123456789abcdef012345 -Since (Get-Date).AddDays(-7) | Import-GenieMessageDetails"
            Remarks = 'Imports every message of the last week of one space that the audit log never delivered; run it on a schedule for the spaces that matter.'
        }
    )
    Links       = @('Invoke-GeniePipelineRefresh', 'Import-GenieMessageDetails')
}

@{
    Synopsis    = 'Gets Genie messages by id, or lists the messages of a conversation.'
    Description = @'
Gets each message named by -SpaceId, -ConversationId and -MessageId and returns it with its status, question, timestamps, user id, error, feedback, every attachment and the first query attachment's SQL lifted out (QuerySql, QueryDescription, StatementId). AttachmentsJson holds the attachments exactly as the API sent them and RawJson the whole response.

The ids bind by property name from piped objects, with the API's snake_case names as aliases (space_id, conversation_id, message_id), so rows from the audit tables or raw API objects can be piped straight in. Without -MessageId, lists every message of the conversation, following the page tokens. A message that cannot be read is written as a non-terminating error with a stable id (GenieApi.NOT_FOUND, GenieApi.PERMISSION_DENIED, GenieApi.RATE_LIMITED, ...) and the rest of the batch goes on. Ctrl+C cancels the request in flight.
'@
    Outputs     = 'GenieObservability.GenieMessage: one per message.'
    Parameters  = @{
        SpaceId        = 'The id of the Genie space. Binds the space_id or SpaceId property of piped objects.'
        ConversationId = 'The id of the conversation. Binds the conversation_id or ConversationId property of piped objects.'
        MessageId      = 'The ids of the messages to get; omit it to list every message of the conversation. Binds the message_id or MessageId property of piped objects.'
        Workspace      = 'The workspace URL to call instead of the connected one, with the same credential. Binds the WorkspaceHost or workspace_url property of piped objects.'
    }
    Examples    = @(
        @{
            Code    = 'Get-GenieMessage -SpaceId s1 -ConversationId c1 -MessageId m1 | Format-List'
            Remarks = 'Gets one message and shows all its fields.'
        }
        @{
            Code    = "Import-Csv ./messages.csv | Get-GenieMessage | Where-Object Status -ne 'COMPLETED'"
            Remarks = 'Gets every message named by a CSV with space_id, conversation_id and message_id columns and keeps the unfinished or failed ones.'
        }
        @{
            Code    = 'Get-GenieConversation -SpaceId s1 | Get-GenieMessage'
            Remarks = 'Lists the messages of every conversation of a space.'
        }
    )
    Links       = @('Get-GenieConversation', 'Get-GenieSpace')
}

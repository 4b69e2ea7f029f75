@{
    Synopsis    = 'Lists the conversations of Genie spaces.'
    Description = @'
Lists the conversations of each space given by -SpaceId (from the command line, the pipeline, or the space_id / SpaceId property of piped objects), following the API's page tokens and writing each conversation as its page arrives. By default the API returns only the caller's own conversations; -IncludeAll returns every user's (it needs CAN MANAGE on the space). The list carries no user id.

A space that fails is written as a non-terminating error with a stable id (for example GenieApi.NOT_FOUND) and the other spaces are still listed. Pipe the result to Get-GenieMessage to read the messages.
'@
    Outputs     = 'GenieObservability.GenieConversationSummary: one per conversation.'
    Parameters  = @{
        InputObject = 'Spaces piped from Get-GenieSpace; lists the conversations of each, in its own workspace.'
        SpaceId    = 'The ids of the spaces whose conversations to list. Accepts pipeline input and the space_id or SpaceId property of piped objects.'
        IncludeAll = "Lists every user's conversations, not only the caller's. Needs CAN MANAGE on the space."
        Workspace  = 'The workspace URL to call instead of the connected one, with the same credential. Binds the WorkspaceHost or workspace_url property of piped objects.'
    }
    Examples    = @(
        @{
            Code    = 'Get-GenieConversation -SpaceId s1 -IncludeAll'
            Remarks = "Lists every user's conversations in space s1."
        }
        @{
            Code    = 'Get-GenieSpace | Get-GenieConversation -IncludeAll | Group-Object SpaceId | Sort-Object Count -Descending'
            Remarks = 'Counts conversations per space across the workspace.'
        }
    )
    Links       = @('Get-GenieMessage', 'Get-GenieSpace')
}

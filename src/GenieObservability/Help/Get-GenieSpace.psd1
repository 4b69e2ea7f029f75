@{
    Synopsis    = 'Lists the Genie spaces of a workspace, or gets spaces by id.'
    Description = @'
Without -SpaceId, lists every Genie space the caller can see, following the API's page tokens and writing each space as soon as its page arrives. With -SpaceId (from the command line, the pipeline, or the space_id / SpaceId property of piped objects), gets each space; a space that fails (not found, no permission) is written as a non-terminating error with an id such as GenieApi.NOT_FOUND and the others are still returned.

The list API never returns the serialized configuration; -IncludeSerializedSpace reads each space in full (include_serialized_space=true, which needs CAN EDIT on the space). -Workspace targets another workspace with the same credential. Throttling (429/503 with Retry-After), server errors and dropped connections are retried; see about the API client options in the README.
'@
    Outputs     = 'GenieObservability.GenieSpace: one per space, with SerializedSpace only when -IncludeSerializedSpace is given.'
    Parameters  = @{
        InputObject            = 'Spaces piped from Get-GenieSpace; each is read again from its own workspace (its WorkspaceHost binds -Workspace).'
        SpaceId                = 'The ids of the spaces to get. Accepts pipeline input and the space_id or SpaceId property of piped objects.'
        IncludeSerializedSpace = 'Also returns the space configuration (serialized_space JSON). Needs CAN EDIT on each space; with a list, reads each space separately.'
        Workspace              = 'The workspace URL to call instead of the connected one, with the same credential. Binds the WorkspaceHost or workspace_url property of piped objects.'
    }
    Examples    = @(
        @{
            Code    = 'Get-GenieSpace'
            Remarks = 'Lists every space of the connected workspace.'
        }
        @{
            Code    = "Get-GenieSpace -SpaceId 01ef12ab34cd56ef7890abcdef123456 -IncludeSerializedSpace | Select-Object -ExpandProperty SerializedSpace"
            Remarks = 'Shows the configuration JSON of one space.'
        }
        @{
            Code    = "'s1', 's2' | Get-GenieSpace -ErrorAction SilentlyContinue -ErrorVariable failed; `$failed.FullyQualifiedErrorId"
            Remarks = 'Gets two spaces; failures are collected and their stable ids listed.'
        }
    )
    Links       = @('Get-GenieConversation', 'Get-GenieMessage', 'Invoke-GenieApiRequest')
}

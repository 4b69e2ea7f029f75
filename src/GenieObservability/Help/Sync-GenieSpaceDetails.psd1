@{
    Synopsis    = 'Fetches Genie space configurations into genie_space_details, never losing the last good one.'
    Description = @'
For each space, calls GET /api/2.0/genie/spaces/{id}?include_serialized_space=true (several at once, see -ThrottleLimit) and merges the result into genie_space_details, keyed by workspace_id and space_id, with a SHA-256 content hash of the canonical configuration.

With no pipeline input, the spaces are every distinct (workspace, space) in the silver table genie_messages_to_fetch, narrowed by -WorkspaceId and -SpaceId. With -AllSpaces they are every space each workspace lists (GET /api/2.0/genie/spaces, paged), idle ones nobody asked anything included, plus those of the silver table and every space genie_space_details knows that is not marked deleted; the workspaces are the connected one and every one the silver table or genie_space_details names. A workspace whose list cannot be read gets one warning; its known spaces are still synced. With pipeline input, the spaces are the piped objects' SpaceId (and WorkspaceId, WorkspaceUrl or WorkspaceHost) properties, for example from Get-GenieSpace or a previous sync.

A fetch that fails (5xx, timeout), is forbidden (403), finds nothing (404) or returns an empty serialized_space updates only api_fetch_status, api_fetch_error and the ingestion columns: the last good title, description, warehouse and serialized_space stay in the table, and the emitted object carries them (with FetchStatus telling what happened), so Export-GenieSpaceBackup keeps the last good backup file. A 404 also marks the space deleted: deleted_at is set once (DeletedAt on the object), the row is never removed, and a later good fetch (the space restored from the trash) clears it. Such a space is data, not an error: one warning per run gives the counts (each space is on -Verbose), and the command runs to the end under $ErrorActionPreference = 'Stop'. It fails as a whole (a terminating error) only when it cannot run at all: the warehouse cannot be read or written, or, without input, the silver table does not exist yet.

Emits one GenieSpaceDetail per space as soon as it is stored; SerializedSpaceJson holds the configuration as canonical JSON (pipe it to ConvertFrom-Json to browse). The run summary (counts per status and how many configurations changed) is written to the Information stream with the tag GenieSpaceSyncSummary, and to Verbose.
'@
    Outputs     = 'One GenieSpaceDetail per space.'
    Parameters  = @{
        WorkspaceId   = 'Without pipeline input: only spaces of these workspaces. With pipeline input: the workspace id of the piped space (derived from the workspace URL when missing).'
        SpaceId       = 'Without pipeline input: only these spaces. With pipeline input: the piped space (property SpaceId or space_id).'
        WorkspaceUrl  = 'The workspace URL of a piped space (property WorkspaceUrl, workspace_url or WorkspaceHost); defaults to the connected workspace. The connection''s credential is used for every workspace.'
        ThrottleLimit = 'How many spaces are fetched at the same time (1-64, default 4).'
        AllSpaces     = 'Without pipeline input: every space each workspace lists, not only those people asked something in (see the description).'
    }
    Examples    = @(
        @{
            Code    = 'Sync-GenieSpaceDetails -AllSpaces | Where-Object IsDeleted'
            Remarks = 'Syncs every space of every known workspace and lists the ones found deleted (their last configuration stays in genie_space_details).'
        }
        @{
            Code    = 'Sync-GenieSpaceDetails -InformationVariable run | Export-GenieSpaceBackup -Path ./spaces; $run.MessageData'
            Remarks = 'Syncs every space that has messages in the silver table, writes one backup file per space, then shows the run summary.'
        }
        @{
            Code    = 'Get-GenieSpace | Sync-GenieSpaceDetails -ThrottleLimit 8'
            Remarks = 'Syncs every space of the connected workspace, eight at a time.'
        }
        @{
            Code    = 'Sync-GenieSpaceDetails -SpaceId 01f0c0ffee0123456789abcdef012345 | Where-Object FetchStatus -ne OK'
            Remarks = 'Syncs one space and shows it only when the fetch did not succeed.'
        }
    )
    Links       = @('Export-GenieSpaceBackup', 'Publish-GenieSpace', 'Get-GenieSpace')
}

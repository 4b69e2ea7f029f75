@{
    Synopsis    = 'Writes one canonical, diffable JSON backup file per Genie space.'
    Description = @'
Writes each space to <Path>/<sanitised title>__<space id>.json. The file holds "metadata" (workspace id and URL, space id, title, description, warehouse id, parent path) and "serialized_space" parsed into JSON: keys sorted, list order kept (it has meaning), two-space indentation, LF line ends, a trailing newline, and no fetch or export time. The same space always gives the same bytes, and changing one instruction changes one line.

Values that change with every edit, the source etag and the SHA-256 content hash, are kept out of the space files (they would add a second hunk to every diff) and recorded per space in .genie-backup-index.json in the same folder, with the file name.

A file whose bytes would not change is not rewritten (its modification time is kept). A space whose latest fetch failed, was forbidden, not found or empty never overwrites an existing file: the last good backup stays. Those spaces are counted in one warning per call (each reason is on -Verbose and in SkippedReason). A file that cannot be written (permissions, a full disk) is a non-terminating error for that space, since only the caller can fix it. When a space's title changed, its old file is replaced by the new name.

Titles are sanitised: only letters, digits, '-', '_' and inner dots are kept, path separators and '..' cannot leave -Path, Windows device names (CON, NUL, COM1, ...) get a leading '_', and the title part is cut at 80 characters.

Input is space details piped from Sync-GenieSpaceDetails, or, with -FromWarehouse, the rows of genie_space_details.
'@
    Outputs     = 'With -PassThru, one GenieSpaceBackupResult per space: the file, whether it changed, and why it was skipped.'
    Parameters  = @{
        Path          = 'The folder the backup files go into; created when missing.'
        InputObject   = 'Space details from Sync-GenieSpaceDetails.'
        FromWarehouse = 'Backs up the spaces stored in genie_space_details instead of piped details.'
        WorkspaceId   = 'With -FromWarehouse: only spaces of these workspaces.'
        SpaceId       = 'With -FromWarehouse: only these spaces.'
        PassThru      = 'Emits a GenieSpaceBackupResult per space (File, Changed, SkippedReason).'
    }
    Examples    = @(
        @{
            Code    = 'Sync-GenieSpaceDetails | Export-GenieSpaceBackup -Path ./spaces -PassThru | Where-Object Changed'
            Remarks = 'Syncs and backs up every space, listing only the files that changed.'
        }
        @{
            Code    = 'Export-GenieSpaceBackup -Path ./spaces -FromWarehouse; git -C ./spaces diff --stat'
            Remarks = 'Writes the stored configurations without calling the API, then reviews what changed in git.'
        }
    )
    Links       = @('Sync-GenieSpaceDetails', 'Publish-GenieSpace')
}

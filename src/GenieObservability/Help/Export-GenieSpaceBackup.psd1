@{
    Synopsis    = 'Writes a canonical, diffable backup of each Genie space: one JSON file per space, or a Databricks Asset Bundle.'
    Description = @'
Writes each space to <Path>/<sanitised title>__<space id>.json. The file holds "metadata" (workspace id and URL, space id, title, description, warehouse id, parent path) and "serialized_space" parsed into JSON: keys sorted, list order kept (it has meaning), two-space indentation, LF line ends, a trailing newline, and no fetch or export time. The same space always gives the same bytes, and changing one instruction changes one line.

Values that change with every edit, the source etag and the SHA-256 content hash, are kept out of the space files (they would add a second hunk to every diff) and recorded per space in .genie-backup-index.json in the same folder, with the file name.

A file whose bytes would not change is not rewritten (its modification time is kept). A space whose latest fetch failed, was forbidden, not found or empty never overwrites an existing file: the last good backup stays. Those spaces are counted in one warning per call (each reason is on -Verbose and in SkippedReason). A file that cannot be written (permissions, a full disk) is a non-terminating error for that space, since only the caller can fix it. When a space's title changed, its old file is replaced by the new name.

Titles are sanitised: only letters, digits, '-', '_' and inner dots are kept, path separators and '..' cannot leave -Path, Windows device names (CON, NUL, COM1, ...) get a leading '_', and the title part is cut at 80 characters.

Input is space details piped from Sync-GenieSpaceDetails, or, with -FromWarehouse, the rows of genie_space_details (which keeps deleted spaces: their last backup is kept, never removed).

With -Format Bundle, -Path is the root of a Databricks Asset Bundle and each space is written as the Databricks CLI's 'bundle generate genie-space' writes it, so 'databricks bundle deploy' (CLI 1.3 or later, direct engine) deploys what was backed up:
- src/<key>.geniespace.json: exactly the serialized_space JSON, sent verbatim on deploy, formatted as the CLI formats it (keys sorted, two-space indentation, numbers as the CLI's Go encoder writes them, trailing newline).
- resources/<key>.genie_space.yml: title, description, warehouse_id: ${var.warehouse_id}, file_path and parent_path (with the /Workspace prefix). Permissions and lifecycle you add by hand are kept when the space is exported again.
- databricks.yml, only when the folder has none: the direct engine, CLI 1.3 or later, resources/*.yml included and the warehouse_id variable. It is never rewritten.
The key is the title normalised as the CLI does (lower case, other characters as '_'); a space keeps its key when its title changes, because the key is the resource's identity in the bundle's deployment state. The index (.genie-backup-index.json at the root) records which space, workspace and warehouse each key stands for. The same guarantees hold: identical content gives identical bytes, unchanged files are not rewritten, one changed instruction is one changed line.

Spaces that are not written (a failed or empty fetch, a deleted space) are counted in one warning; -PassThru shows each one's SkippedReason.
'@
    Outputs     = 'With -PassThru, one GenieSpaceBackupResult per space: the file, whether it changed, and why it was skipped.'
    Parameters  = @{
        Path          = 'The folder the backup files go into (with -Format Bundle, the bundle root); created when missing.'
        Format        = 'Json (default): one <title>__<space id>.json per space. Bundle: the Databricks Asset Bundle layout (src/<key>.geniespace.json, resources/<key>.genie_space.yml, databricks.yml).'
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
        @{
            Code    = @'
Export-GenieSpaceBackup -Path ./genie-bundle -FromWarehouse -Format Bundle
databricks bundle deploy -t prod --var warehouse_id=0123456789abcdef   # run where the Databricks CLI is installed
'@
            Remarks = 'Writes the spaces as a bundle the Databricks CLI deploys.'
        }
    )
    Links       = @('Sync-GenieSpaceDetails', 'Publish-GenieSpace', 'Compare-GenieSpaceBackup')
}

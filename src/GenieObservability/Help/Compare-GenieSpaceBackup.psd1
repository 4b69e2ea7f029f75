@{
    Synopsis    = 'Compares the live Genie spaces of a workspace with their backups and says, in the editor''s terms, what drifted.'
    Description = @'
Reads the backups under -Path (a folder of JSON backups written by Export-GenieSpaceBackup, a bundle root written by Export-GenieSpaceBackup -Format Bundle or by 'databricks bundle generate genie-space', or single backup files), lists the spaces of the connected workspace (or -Context), and GETs each backed-up space with its configuration. Only GET requests are sent.

One GenieSpaceDrift per space:
- InSync: the live space matches its backup.
- Changed: Differences lists what differs, each with Before (the backup) and After (live): Title, Description, Warehouse, Folder; Table and MetricView added or removed; Instruction, SampleQuestion, ExampleSql, SqlFunction, JoinSpec, SqlSnippet and Benchmark added, removed or changed (by id); and any other configuration value by its JSON path (Other).
- MissingLive: there is a backup but the workspace has no such space (deleted, or never created there).
- MissingBackup: the workspace has a space the folder has no backup of.
- Unknown: the space could not be read (forbidden, or a failure after retries); Error says why. These are counted in one warning.

Backups made in another workspace (their metadata names another workspace URL or id) are left out, so one folder can hold the backups of several workspaces. A bundle resource the Databricks CLI wrote (no index) is matched to the live space with the same title when exactly one has it. A version 1 configuration is compared as the service stores it (version 2).

For CI: -Quiet returns one Boolean, $true when every space is InSync. The counts per status go to the Information stream (tag GenieSpaceDriftSummary) and to -Verbose.
'@
    Outputs     = 'One GenieSpaceDrift per space (Status, SpaceId, Title, Differences, BackupFile, Error); with -Quiet, one Boolean.'
    Parameters  = @{
        Path  = 'The backups: a backup folder, a bundle root, or backup files (JSON backups, bundle resource YAML files).'
        Quiet = 'Returns only $true when every space is in sync with its backup, $false otherwise.'
    }
    Examples    = @(
        @{
            Code    = 'Compare-GenieSpaceBackup -Path ./spaces | Where-Object Status -ne InSync'
            Remarks = 'Lists the spaces that drifted from their backups.'
        }
        @{
            Code    = '(Compare-GenieSpaceBackup -Path ./spaces | Where-Object Status -eq Changed).Differences | Format-Table Aspect, Item, Change, Before, After'
            Remarks = 'Shows every difference with its value in the backup and live.'
        }
        @{
            Code    = 'if (-not (Compare-GenieSpaceBackup -Path ./genie-bundle -Context $prod -Quiet)) { throw ''Genie spaces in prod drifted from the bundle.'' }'
            Remarks = 'A CI gate: fails the pipeline when production differs from the bundle in the repository.'
        }
    )
    Links       = @('Export-GenieSpaceBackup', 'Publish-GenieSpace', 'Sync-GenieSpaceDetails')
}

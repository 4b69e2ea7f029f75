@{
    Synopsis    = 'Creates or updates Genie spaces in a target workspace from backups, with the warehouse and catalogs remapped.'
    Description = @'
Publishes each backup (from Export-GenieSpaceBackup, in either format) or piped space detail to the connected workspace, or the one of -Context (for example a second workspace connected with Connect-GenieWorkspace -PassThru). -Path takes backup files, folders of them, a bundle root (every genie_spaces resource its databricks.yml includes, whoever wrote it: this module or 'databricks bundle generate genie-space') or a bundle's resource YAML files. A bundle's ${var.warehouse_id} is read from the variable's default in databricks.yml, else from the index the export wrote.

-CatalogMap rewrites Unity Catalog references in every text of the space: table and metric view identifiers, example and benchmark SQL, SQL snippets, join specs, instructions, sample questions and the description. A reference is the start of a dotted name: with @{ dev = 'prod' }, dev.sales.orders and `dev`.sales.orders become prod.sales.orders and `prod`.sales.orders, while my_dev.sales, x.dev.sales and the word dev in a sentence are left alone. catalog.schema entries (@{ 'dev.sales' = 'prod.finance' }) take precedence over catalog entries, and nothing is rewritten twice. Lists the source kept sorted by identifier stay sorted.

A publish map (default .genie-publish-map.json beside the backup files, or -MapPath) records which target space each source space (workspace id + space id) was published to, per target workspace, so a re-run updates instead of creating a duplicate. The map is deterministic JSON you can keep in git.

For a mapped space the target is read (GET) and compared: an unchanged space sends nothing; a changed one gets one PATCH with only the changed fields. A mapped target that no longer exists (404, or the 403 the service answers for deleted spaces) is created again and the map updated.

Concurrent edits are never overwritten. Just before the PATCH the target is read again: if its configuration (etag) or its title, description, warehouse or folder changed since the plan read it, nothing is written and the result's Action is Conflict, with the Reason naming what moved. The PATCH carries the etag the plan read, so an edit landing after that check is refused by the service (409) and is also a Conflict. Publish again to plan against the new state, or pass -Force to overwrite (no check, no etag).

Pre-flight: before a create or update, every table and metric view of the space's data sources (after -CatalogMap) is looked up in the target's Unity Catalog (GET /api/2.1/unity-catalog/tables/{name}). If any is missing (or cannot be checked), the space is not written: Action is Blocked, Missing lists them and Reason says why. -Force publishes anyway. The -ParentPath folder is looked up too (GET /api/2.0/workspace/get-status): when it does not exist, MissingFolder names it and it is created (mkdirs) just before the write; with -WhatIf it is only reported.

Conflict, Blocked and Failed (the service refused the write, or it failed after retries) are per-space outcomes, not errors: the other spaces go on, and one warning at the end counts them. A file that is not a backup is an error for that file.

With -WhatIf only GET requests are sent (the pre-flight's included) and the plan is shown: Create, Update (with the changed fields and a line summary of the configuration diff), Unchanged, Recreate or Blocked.
'@
    Outputs     = 'One GenieSpacePublishResult per space: the action (Create, Update, Unchanged, Recreate, Conflict, Blocked or Failed), the source and target space ids, the changes, the missing tables, the reason when nothing was written, and whether it was only planned.'
    Parameters  = @{
        Path          = 'Backups to publish: JSON backup files or folders of them, a bundle root, or bundle resource YAML files (wildcards allowed). Accepts Get-ChildItem output.'
        InputObject   = 'Space details from Sync-GenieSpaceDetails to publish directly.'
        WarehouseId   = 'The SQL warehouse of the target spaces. Without it (and -WarehouseName), updates keep the target''s warehouse and creates use the source''s.'
        WarehouseName = 'The name of the target SQL warehouse, resolved through GET /api/2.0/sql/warehouses.'
        CatalogMap    = 'Catalog or catalog.schema renames, e.g. @{ dev = ''prod''; ''dev.sales'' = ''prod.finance'' }.'
        ParentPath    = 'The workspace folder of the target spaces (created spaces are put there; updated ones are moved there), e.g. /Workspace/Shared/genie; created when missing (not under -WhatIf).'
        Title         = 'A title for the target space instead of the source''s.'
        MapPath       = 'The publish map file; default .genie-publish-map.json in the backup folder (the bundle root for a bundle; the current folder for piped details).'
        Force         = 'Writes even when the target changed after the plan read it (the update is sent without an etag) or the pre-flight found tables missing. It does not skip confirmation.'
    }
    Examples    = @(
        @{
            Code    = @'
$prod = Connect-GenieWorkspace -Host https://adb-222.2.azuredatabricks.net -Identity -PassThru
Publish-GenieSpace -Path ./spaces -Context $prod -WarehouseName 'Prod SQL' -CatalogMap @{ dev = 'prod' } -WhatIf
'@
            Remarks = 'Shows what publishing every backup of ./spaces to the production workspace would do, sending only GET requests.'
        }
        @{
            Code    = 'Get-ChildItem ./spaces/*.json | Publish-GenieSpace -Context $prod -WarehouseId 1234abcd5678ef90 -CatalogMap @{ ''dev.sales'' = ''prod.sales'' } -Confirm:$false'
            Remarks = 'Publishes without prompting, as a pipeline or runbook would; a second run with the same files changes nothing.'
        }
        @{
            Code    = 'Publish-GenieSpace -Path ./genie-bundle -Context $prod -WarehouseName ''Prod SQL'' -CatalogMap @{ dev = ''prod'' } | Where-Object Action -in ''Conflict'', ''Blocked'', ''Failed'''
            Remarks = 'Publishes a bundle (from Export-GenieSpaceBackup -Format Bundle or the Databricks CLI) and lists the spaces that were not written, with why.'
        }
    )
    Links       = @('Export-GenieSpaceBackup', 'Compare-GenieSpaceBackup', 'Sync-GenieSpaceDetails', 'Connect-GenieWorkspace')
}

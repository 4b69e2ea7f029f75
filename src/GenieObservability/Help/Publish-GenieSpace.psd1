@{
    Synopsis    = 'Creates or updates Genie spaces in a target workspace from backups, with the warehouse and catalogs remapped.'
    Description = @'
Publishes each backup file (from Export-GenieSpaceBackup) or piped space detail to the connected workspace, or the one of -Context (for example a second workspace connected with Connect-GenieWorkspace -PassThru).

-CatalogMap rewrites Unity Catalog references in every text of the space: table and metric view identifiers, example and benchmark SQL, SQL snippets, join specs, instructions, sample questions and the description. A reference is the start of a dotted name: with @{ dev = 'prod' }, dev.sales.orders and `dev`.sales.orders become prod.sales.orders and `prod`.sales.orders, while my_dev.sales, x.dev.sales and the word dev in a sentence are left alone. catalog.schema entries (@{ 'dev.sales' = 'prod.finance' }) take precedence over catalog entries, and nothing is rewritten twice. Lists the source kept sorted by identifier stay sorted.

A publish map (default .genie-publish-map.json beside the backup files, or -MapPath) records which target space each source space (workspace id + space id) was published to, per target workspace, so a re-run updates instead of creating a duplicate. The map is deterministic JSON you can keep in git.

For a mapped space the target is read (GET) and compared: an unchanged space sends nothing; a changed one gets one PATCH with only the changed fields and the etag just read (a conflict re-reads the etag once). A mapped target that no longer exists (404, or the 403 the service answers for deleted spaces) is created again and the map updated.

With -WhatIf only GET requests are sent and the plan is shown: Create, Update (with the changed fields and a line summary of the configuration diff), Unchanged or Recreate.
'@
    Outputs     = 'One GenieSpacePublishResult per space: the action, the source and target space ids, the changes, and whether it was only planned.'
    Parameters  = @{
        Path          = 'Backup files to publish (wildcards allowed; a folder means every backup in it). Accepts Get-ChildItem output.'
        InputObject   = 'Space details from Sync-GenieSpaceDetails to publish directly.'
        WarehouseId   = 'The SQL warehouse of the target spaces. Without it (and -WarehouseName), updates keep the target''s warehouse and creates use the source''s.'
        WarehouseName = 'The name of the target SQL warehouse, resolved through GET /api/2.0/sql/warehouses.'
        CatalogMap    = 'Catalog or catalog.schema renames, e.g. @{ dev = ''prod''; ''dev.sales'' = ''prod.finance'' }.'
        ParentPath    = 'The workspace folder of the target spaces (created spaces are put there; updated ones are moved there).'
        Title         = 'A title for the target space instead of the source''s.'
        MapPath       = 'The publish map file; default .genie-publish-map.json in the folder of each backup file (the current folder for piped details).'
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
    )
    Links       = @('Export-GenieSpaceBackup', 'Sync-GenieSpaceDetails', 'Connect-GenieWorkspace')
}

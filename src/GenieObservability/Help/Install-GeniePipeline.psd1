@{
    Synopsis    = 'Installs the Genie audit pipeline (sql/pipeline.sql as a serverless SDP pipeline) in the connected Databricks workspace, with its schema and tables.'
    Description = @'
One command instead of a hand-made pipeline. In the connected workspace it:
1. uploads the module's sql/pipeline.sql as a workspace file (<Path>/pipeline.sql, default a GenieObservability folder in your home folder), creating the folder when missing; an existing file is overwritten only when its content differs from the module's (compared byte for byte through an export);
2. creates the schema and the persisted tables (message_details, message_fetch_errors, genie_space_details, genie_ingestion_runs) through the connected Databricks SQL warehouse when they are missing; which ones exist is read through the Unity Catalog API (GET only). Without a connected Databricks SQL warehouse they are reported as Skip with a warning;
3. creates the serverless, triggered (continuous false) SDP pipeline named -Name that writes -Catalog.-Schema, runs that one file, and defines every configuration key sql/pipeline.sql reads (genie.workspace_ids from -WorkspaceId; genie.window_start, genie.window_end, genie.days_lookback 90 and genie.lookback_minutes, which each refresh sets). An existing pipeline of that name is edited only when a managed setting differs (name, catalog, schema, serverless, continuous, libraries, those configuration keys); everything else in its settings (notifications, tags, other keys) is kept, and the window keys a refresh wrote are left as they are.

Idempotent: everything is read first, and a second run sends no write and reports every resource as Unchanged ("Nothing to change"). -WhatIf sends GET requests only and prints the plan. The pipeline id is remembered in the context, so Invoke-GeniePipelineRefresh and Invoke-GenieObservabilityJob need no -PipelineId in this session; a later session (a runbook) connected to a Databricks SQL warehouse finds the pipeline by its default name, "Genie Observability (<catalog>.<schema>)", through the Pipelines list API. A pipeline installed with another -Name is found by later sessions only through -PipelineId.

Needs: Connect-GenieWorkspace (the credential must be allowed to create pipelines and workspace files, and to create the schema and tables), and for the tables Connect-GenieWarehouse -WarehouseId for the same catalog and schema. A bad parameter (catalog or schema name, a workspace id that is not a number, a name with a quote, a relative path) fails before any request. A -Catalog/-Schema other than the connected warehouse's is installed as asked (the tables are created there through the same warehouse) with a warning: the other cmdlets read the connected warehouse's schema until you connect it to the pipeline's.
'@
    Outputs     = 'GenieObservability.GeniePipelineInstallation: Name, PipelineId, Url, Catalog, Schema, WorkspaceIds, FilePath, File / Tables / Pipeline (the action on each), Changed, Summary, and Changes (one GenieDeploymentChange per resource: Resource, Target, Action Create/Update/Unchanged/Skip, Applied, Detail).'
    Parameters  = @{
        Catalog     = 'The catalog the pipeline writes (and where the tables are created). Default: the connected warehouse''s (main). Letters, digits and underscores.'
        Schema      = 'The schema the pipeline writes. Default: the connected warehouse''s (genie_analytics). Letters, digits and underscores.'
        WorkspaceId = 'The workspace ids (numbers) whose audit events the pipeline reads, one per element; omitted means every workspace in the audit log. Sets genie.workspace_ids.'
        Name        = 'The pipeline''s name. Default: "Genie Observability (<catalog>.<schema>)", the name later sessions look up; keep it for runbooks.'
        Path        = 'The workspace folder of the pipeline file, e.g. /Workspace/Shared/GenieObservability (/Shared/... is accepted too). Default: GenieObservability in the home folder of the connected identity, so only it (and admins) can change the SQL the pipeline runs.'
    }
    Examples    = @(
        @{
            Code    = 'Connect-GenieWorkspace -Host https://adb-123.azuredatabricks.net -Identity; Connect-GenieWarehouse -WarehouseId abc123 -Catalog main -Schema genie_analytics; Install-GeniePipeline -WhatIf'
            Remarks = 'Shows what would be created (folder, file, schema and tables, pipeline) without writing anything.'
        }
        @{
            Code    = 'Install-GeniePipeline -WorkspaceId 1234567890123456, 2345678901234567'
            Remarks = 'Installs the pipeline for two workspaces; run again after a module upgrade to update the file, or with other ids to change only genie.workspace_ids.'
        }
        @{
            Code    = 'Install-GeniePipeline; Invoke-GenieObservabilityJob -Mode Auto'
            Remarks = 'Installs (or checks) the pipeline, then runs the job on it without -PipelineId.'
        }
    )
    Links       = @('Uninstall-GeniePipeline', 'Invoke-GeniePipelineRefresh', 'Invoke-GenieObservabilityJob', 'Connect-GenieWarehouse', 'Install-GenieObservabilitySchema')
}

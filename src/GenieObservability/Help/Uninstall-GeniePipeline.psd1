@{
    Synopsis    = 'Removes the Genie audit pipeline Install-GeniePipeline made (the pipeline and its workspace file); never drops a table.'
    Description = @'
Finds the pipeline by name (-Name, default "Genie Observability (<catalog>.<schema>)") or by -PipelineId and deletes it with cascade=false, so the materialized views it built (genie_audit_message_events, genie_messages_to_fetch, genie_space_metrics, genie_pipeline_validation) stay readable. Then deletes its workspace file (the pipeline.sql file its settings name; without a pipeline, <Path>/pipeline.sql, default the GenieObservability folder of your home folder). The folder itself, the schema and every table of the product (message_details, message_fetch_errors, genie_space_details, genie_ingestion_runs) are kept.

ConfirmImpact is High: it asks before deleting unless -Confirm:$false (use that in scripts). -WhatIf sends GET requests only. With nothing installed it changes nothing and says so. The pipeline id is forgotten by the context.
'@
    Outputs     = 'GenieObservability.GeniePipelineInstallation with Operation Uninstall: the pipeline removed, its file, and Changes (Delete or Unchanged per resource; the schema Unchanged, kept).'
    Parameters  = @{
        Catalog    = 'The catalog of the installation (it names the default pipeline). Default: the connected warehouse''s.'
        Schema     = 'The schema of the installation (it names the default pipeline). Default: the connected warehouse''s.'
        Name       = 'The pipeline''s name, when it was installed with -Name.'
        PipelineId = 'Removes this pipeline instead of the one found by name.'
        Path       = 'The workspace folder of the pipeline file, used when the pipeline is already gone and it was installed with -Path.'
    }
    Examples    = @(
        @{
            Code    = 'Uninstall-GeniePipeline -WhatIf'
            Remarks = 'Shows what would be deleted.'
        }
        @{
            Code    = 'Uninstall-GeniePipeline -Confirm:$false'
            Remarks = 'Deletes the pipeline of the connected warehouse''s schema and its file without asking; the tables stay.'
        }
    )
    Links       = @('Install-GeniePipeline')
}

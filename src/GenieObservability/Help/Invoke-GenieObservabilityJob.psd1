@{
    Synopsis    = 'Runs the scheduled job in one line: refreshes the audit pipeline, fetches and stores every Genie message it names, and with -SyncSpaces syncs the spaces'' configurations.'
    Description = @'
Does what Invoke-GeniePipelineRefresh | Get-GenieMessagesToFetch | Import-GenieMessageDetails does, as one command made for Azure Automation runbooks and other schedulers: it never prompts, returns one GenieObservabilityJobSummary, and raises a terminating error (a failed runbook job, a non-zero exit code for pwsh -File) only when the job as a whole failed: the refresh failed, the warehouse could not be written, or not one workspace of the run could be reached. Messages that could not be fetched do not fail the job, and neither does one workspace that is down while another answers: they are counted in the summary (FailedByType; FailedByWorkspace, one line per workspace that was down), reported in one warning per workspace and one with the counts of single messages, and kept in message_fetch_errors for later runs to retry. Under $ErrorActionPreference = 'Stop' the job therefore runs to the end unless it failed as a whole.

The refresh reads the audit window -Mode chooses (Auto: from the previous successful run minus an overlap, so a missed schedule is caught up), on the embedded engine or on the Databricks pipeline: -PipelineId, the one Install-GeniePipeline saved in the context, or (with a Databricks SQL warehouse connected) the one installed for the warehouse's catalog and schema, found by its default name, so a runbook needs no id. Then the messages to fetch (new in the audit log, failures to retry as Get-GenieMessagesToFetch describes, and messages stored in a non-terminal status younger than -PendingMaxAge) stream straight into the fetch pool (-ThrottleLimit concurrent calls, writes every -BatchSize rows). Each step records its run in genie_ingestion_runs, and the job adds a JOB row with the outcome.

With -SyncSpaces, a last step syncs the configuration of every space in the silver table (genie_messages_to_fetch, limited to -WorkspaceId when given) into genie_space_details, as Sync-GenieSpaceDetails without input does. Its counts are in the summary (SpacesSynced: new or changed configurations, SpacesUnchanged, SpacesFailed: empty, forbidden, not found or failed fetches, which keep their last good configuration; SpaceSync has the full breakdown) and in the JOB row's details_json. A space that cannot be fetched does not fail the job; only a sync that cannot run at all (e.g. the warehouse cannot be written) fails it, in the SpaceSync step. Without -SyncSpaces no space is fetched. -AllSpaces (which implies -SyncSpaces) syncs every space of each workspace (the list API, paged), idle spaces included, as Sync-GenieSpaceDetails -AllSpaces does; spaces found deleted are marked in genie_space_details (deleted_at) and kept. Export-GenieSpaceBackup -FromWarehouse then backs them all up, keeping the last backup of a deleted space.

With -ReportPath the job writes the observability report last (the summary's Report property has its path and headline figures); a report that cannot be written fails the job in its Report step, after everything else was stored.
'@
    Outputs     = 'One GenieObservabilityJobSummary: the refresh run, the messages offered by reason, the ingestion summary, the space sync counts (with -SyncSpaces), and the outcome.'
    Parameters  = @{
        Mode                 = 'How the audit window is chosen: Auto (default: from the last successful run, minus an overlap), Initial, Incremental or CatchUp.'
        DaysLookback         = 'Whole days to read for Initial and CatchUp.'
        LookbackMinutes      = 'Minutes to read for Incremental.'
        WorkspaceId          = 'Limits the job to these workspace ids; all workspaces in the audit data by default.'
        PipelineId           = 'The Databricks pipeline that builds the tables; by default the one saved in the context, then the one installed for the connected Databricks warehouse''s catalog and schema, else the embedded engine.'
        ThrottleLimit        = 'Messages fetched at the same time (1-256, default 8); with -SyncSpaces also the spaces fetched at the same time, at most 16.'
        ReportPath           = 'Writes the observability report (as Export-GenieObservabilityReport does) to this HTML file as the job''s last step; its folder must exist. A runbook can then copy the file to a share or a storage account.'
        ReportDays           = 'The window of the -ReportPath report in whole days (default 30).'
        SyncSpaces           = 'After the import, syncs the configuration of every space in the silver table into genie_space_details; failures of single spaces are counted, not fatal.'
        AllSpaces            = 'Syncs every space each workspace lists, not only those of the silver table (implies -SyncSpaces).'
        BatchSize            = 'Rows per warehouse write (1-5000, default 500).'
        MaxRequestsPerSecond = 'A hard cap on requests per second to each workspace for the import step. None by default: the rate each workspace admits is learned from its 429 answers (Ingestion.WorkspaceRates in the summary).'
        MaxRetries           = 'How many of its own transient failures a message may have before it is no longer retried (default 5). Failures of its workspace do not count.'
        MaxRetryAge          = 'How long after its first failure a message whose workspace failed (NO_TOKEN, CREDENTIAL_REJECTED, WORKSPACE_UNREACHABLE, WORKSPACE_UNAVAILABLE, RATE_LIMITED) is still retried (default 30 days).'
        PendingMaxAge        = 'How long a message in a non-terminal status keeps being fetched again (default 24 hours).'
    }
    Examples    = @(
        @{
            Code    = 'Connect-GenieWorkspace -Host https://adb-123.azuredatabricks.net -Identity; Invoke-GenieObservabilityJob -ThrottleLimit 16'
            Remarks = 'The runbook: connects with the Automation account''s managed identity, catches up from the last run, and stores every new message.'
        }
        @{
            Code    = '$job = Invoke-GenieObservabilityJob -Mode Initial -DaysLookback 30; $job.Ingestion.FailedByType; $job.FailedByWorkspace'
            Remarks = 'A first load of the last 30 days, then the fetch failures by error type and the workspaces that were down.'
        }
        @{
            Code    = 'Invoke-GenieObservabilityJob -SyncSpaces | Format-List Status, SpacesSynced, SpacesUnchanged, SpacesFailed'
            Remarks = 'The job plus the space-details sync; the counts say how many space configurations were new or changed, unchanged, or could not be fetched.'
        }
        @{
            Code    = '$job = Invoke-GenieObservabilityJob -ReportPath $env:TEMP/genie-report.html; $job.Report.Path'
            Remarks = 'The job, then the HTML report of the last 30 days as its last step.'
        }
    )
    Links       = @('Invoke-GeniePipelineRefresh', 'Get-GenieMessagesToFetch', 'Import-GenieMessageDetails', 'Sync-GenieSpaceDetails', 'Export-GenieObservabilityReport')
}

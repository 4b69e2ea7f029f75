@{
    Synopsis    = 'Rebuilds the Genie audit tables (bronze, silver, gold, validation) for an audit window chosen by the load mode.'
    Description = @'
Turns the audit log into genie_audit_message_events (bronze: Genie message-fetch events of the window, rows missing an id, of space "new" or with a non-200 response dropped), genie_messages_to_fetch (silver: one row per workspace and message holding its latest event), genie_space_metrics (gold: distinct conversations, messages and users per space) and genie_pipeline_validation (one row describing the refresh). Both action names count (getConversationMessage and genieGetConversationMessage).

Modes choose the window (UTC, both ends inclusive, end = now):
- Auto (default): from the previous successful refresh's window end minus -Overlap, so any gap since then (a missed week) is read and audit rows that reach the log late (up to the overlap) are still found; with no earlier refresh, an initial load of -DaysLookback days (90 by default). Once message ingestion runs are recorded, only a refresh followed by a successful ingestion moves the watermark, so a refresh whose silver table nobody read is read again.
- Initial and CatchUp: whole days, -DaysLookback back from today; CatchUp without -DaysLookback starts on the day of the previous run's window end.
- Incremental: the last -LookbackMinutes minutes (60 by default); warns when that leaves audit time after the previous run unread.

Engines: with -PipelineId (or the pipeline id Install-GeniePipeline saved in the context) the refresh runs the SDP pipeline of sql/pipeline.sql on Databricks; without either, when the connected warehouse is a Databricks SQL warehouse, it runs the pipeline installed for the warehouse's catalog and schema, found by its default name "Genie Observability (<catalog>.<schema>)" (PipelineNotInstalled when there is none). It reads the pipeline, sets genie.window_start, genie.window_end, genie.days_lookback and genie.lookback_minutes in its configuration (and genie.workspace_ids when -WorkspaceId is given; otherwise the pipeline keeps the workspaces it was installed with), writes the whole spec back (failing if someone changed it meanwhile), starts an update and polls it to COMPLETED, FAILED or CANCELED with progress; a failed update's ERROR events become the error message. Without one, the embedded DuckDB warehouse runs the same SQL (sql/embedded/pipeline.duckdb.sql) over the rows Import-GenieAuditLog loaded, replacing the four tables in one transaction.

Every run is recorded in genie_ingestion_runs (run_type PIPELINE_REFRESH) with its window, counts and outcome; the schema is installed if missing. A failed refresh is a terminating error (PipelineUpdateFailed, PipelineUpdateCanceled or the warehouse error) so nothing downstream reads half-built tables. Ctrl+C stops waiting, records the run as CANCELLED and rolls back the embedded transaction.
'@
    Outputs     = 'GenieObservability.GeniePipelineRun: mode, window start and end, bronze and silver row counts, duration and state. Pipe it into Get-GenieMessagesToFetch.'
    Parameters  = @{
        Mode            = 'Auto, Initial, Incremental or CatchUp (see the description). Default Auto.'
        DaysLookback    = 'Days of audit history for Initial and CatchUp, and for Auto when there is no earlier refresh (default 90).'
        LookbackMinutes = 'Minutes of audit history for Incremental (default 60).'
        WorkspaceId     = 'Workspace ids to limit the refresh to; all workspaces in the audit log when omitted. On a Databricks pipeline the ids (numbers) are written to its genie.workspace_ids and stay; omitted, the pipeline keeps the scope it has (Install-GeniePipeline -WorkspaceId).'
        Overlap         = 'How far before the previous window end an Auto refresh starts, for audit rows that arrive late (default 3 hours). Rows later than this are the risk: widen it if your audit delivery lags more; overlap only costs reading, silver stays deduplicated.'
        PipelineId      = 'The Databricks SDP pipeline that runs sql/pipeline.sql. Defaults to the pipeline id saved in the context, then (with a Databricks SQL warehouse) to the pipeline Install-GeniePipeline installed for its catalog and schema; otherwise the embedded engine is used.'
        PollInterval    = 'How often the Databricks update is polled (default 10 seconds).'
    }
    Examples    = @(
        @{
            Code    = 'Invoke-GeniePipelineRefresh | Get-GenieMessagesToFetch | Import-GenieMessageDetails'
            Remarks = 'The runbook step: refreshes from where the last run ended and fetches what is new, failed or still pending.'
        }
        @{
            Code    = 'Invoke-GeniePipelineRefresh -Mode Initial -DaysLookback 30 -PipelineId 0a1b2c3d-pipeline -Verbose'
            Remarks = 'Runs the Databricks pipeline over the last 30 days, showing the update states as they change.'
        }
        @{
            Code    = "Invoke-GeniePipelineRefresh -Mode Incremental -LookbackMinutes 30 -WorkspaceId '1234567890' -WhatIf"
            Remarks = 'Shows what an incremental refresh of one workspace would do without running it.'
        }
    )
    Links       = @('Import-GenieAuditLog', 'Get-GenieMessagesToFetch', 'Get-GenieSpaceMetrics', 'Get-GeniePipelineValidation')
}

@{
    Synopsis    = 'Imports Databricks audit records from JSON-lines files into the embedded warehouse.'
    Description = @'
Fills the audit and workspaces tables of the embedded DuckDB warehouse, which Invoke-GeniePipelineRefresh reads when no Databricks pipeline is used. Each file holds one JSON object per line, in either shape:

- rows exported from system.access.audit (snake_case: service_name, action_name, event_time, workspace_id, request_params, user_identity.email, response.status_code), for example from a notebook's df.write.json or a SQL query saved as JSON lines;
- delivered audit-log records (camelCase: serviceName, actionName, epoch-millisecond timestamp, workspaceId, requestParams, userIdentity.email, response.statusCode).

Every row is kept, not only Genie rows, so the validation table can count what the window held. Importing is idempotent: a row whose event_id is already present is not added again (delivered records carry no event id; one is derived from the record's content), so the same file can be imported twice safely. A line that is not a JSON audit record (a truncated last line of a file copied while it was written, a stray header) is data, not an error: it is skipped, counted in MalformedLines, the first few are named (file:line) in one warning per call and every one on -Verbose, and the rest is still imported. Fix the line and import the file again; rows already imported are not added twice. A path that matches no file is a non-terminating error (AuditFileNotFound), and input in which not one line is an audit record fails the command as a whole (NoAuditRecords): those need the caller to give the right files.

Workspace URLs are taken from workspace_url/workspaceUrl fields of the rows where present; -WorkspaceUrl gives or overrides them. A workspace with Genie events and no known URL is reported with a warning, because its messages cannot be fetched. Only the embedded warehouse has an audit table: on Databricks the pipeline reads system.access.audit directly.
'@
    Outputs     = 'GenieObservability.GenieAuditImportResult with -PassThru: lines read, rows imported, duplicates, malformed lines, rows per shape, workspaces and those without a URL.'
    Parameters  = @{
        Path         = 'Audit files to import; wildcards are expanded. Accepts strings from the pipeline.'
        LiteralPath  = 'Audit files to import, taken literally (no wildcards). Binds the FullName of piped Get-ChildItem results.'
        WorkspaceUrl = "Workspace URLs by workspace id, for example @{ '1234567890' = 'https://adb-1234567890.12.azuredatabricks.net' }. Overrides URLs found in the rows and can be given without -Path to fix URLs later."
        PassThru     = 'Returns a summary of the import.'
    }
    Examples    = @(
        @{
            Code    = "Import-GenieAuditLog -Path ./audit/*.json -WorkspaceUrl @{ '1234567890' = 'https://adb-1234567890.12.azuredatabricks.net' } -PassThru"
            Remarks = 'Imports every exported audit file of a folder and says how many rows were new.'
        }
        @{
            Code    = 'Get-ChildItem ./delivered -Recurse -Filter *.json | Import-GenieAuditLog -PassThru -Verbose'
            Remarks = 'Imports delivered audit logs found under a folder; the verbose stream lists the file:line of every line that was skipped.'
        }
    )
    Links       = @('Invoke-GeniePipelineRefresh', 'Get-GeniePipelineValidation')
}

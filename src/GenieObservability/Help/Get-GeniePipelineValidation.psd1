@{
    Synopsis    = 'Reads what the last pipeline refresh read and built.'
    Description = @'
Returns the one row of genie_pipeline_validation: the audit window, the audit rows of any service in it, bronze and silver row counts, how many events were folded into an already-counted message, how many Genie message events were dropped for a missing id, and the number of workspaces and spaces. Use it to check a refresh in a runbook. Nothing is returned, with a warning, before the first refresh.
'@
    Outputs     = 'GenieObservability.GeniePipelineValidation: one row.'
    Parameters  = @{}
    Examples    = @(
        @{
            Code    = 'Get-GeniePipelineValidation | Format-List'
            Remarks = 'Shows every count of the last refresh.'
        }
        @{
            Code    = 'if ((Get-GeniePipelineValidation).RowsMissingIds -gt 0) { Write-Warning "Audit rows without ids were dropped" }'
            Remarks = 'Warns when the audit log held Genie events the pipeline could not use.'
        }
    )
    Links       = @('Invoke-GeniePipelineRefresh', 'Get-GenieSpaceMetrics')
}

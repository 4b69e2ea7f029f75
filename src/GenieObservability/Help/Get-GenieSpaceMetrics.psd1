@{
    Synopsis    = 'Reads the adoption metrics of each Genie space from the last pipeline refresh.'
    Description = @'
Returns the rows of genie_space_metrics (gold): per workspace and space, the distinct conversations, messages and users seen in the last refresh's audit window, and the first and last event times. Users are counted over every audit event of the space, so a user who only opened a colleague's message still counts once. Rows come most-used first. Nothing is returned, with a warning, before the first refresh.
'@
    Outputs     = 'GenieObservability.GenieSpaceMetric: one per workspace and space.'
    Parameters  = @{
        WorkspaceId = 'Only spaces of these workspaces.'
        SpaceId     = 'Only these spaces. Binds the SpaceId or space_id property of piped objects.'
    }
    Examples    = @(
        @{
            Code    = 'Get-GenieSpaceMetrics | Select-Object -First 10'
            Remarks = 'The ten most used spaces of the last window.'
        }
        @{
            Code    = 'Get-GenieSpaceMetrics | Where-Object UserCount -eq 1'
            Remarks = 'Spaces only one person used.'
        }
    )
    Links       = @('Invoke-GeniePipelineRefresh', 'Get-GeniePipelineValidation')
}

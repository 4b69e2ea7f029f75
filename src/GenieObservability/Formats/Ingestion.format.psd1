@{
    'GenieObservability.MessageIngestionSummary' = @(
        'Status'
        'Stored'
        'Pending'
        'Failed'
        @{ Label = 'Failures'; Script = '@(($_.FailedByType.GetEnumerator() | ForEach-Object { "$($_.Key)=$($_.Value)" }) -join '', ''; ($_.FailedByWorkspace | ForEach-Object { "down: $($_.WorkspaceUrl) $($_.ErrorType)" }) -join '', '') -ne '''' -join ''; ''' }
        'Resolved'
        @{ Label = '429s'; Script = '$_.RateLimited' }
        @{ Label = 'Settled/s'; Script = '($_.WorkspaceRates | Where-Object SettledRequestsPerSecond | ForEach-Object { [math]::Round($_.SettledRequestsPerSecond, 1) }) -join '', ''' }
        @{ Label = 'Elapsed'; Script = '$_.Elapsed.ToString(''hh\:mm\:ss'')' }
        @{ Label = 'Msg/s'; Script = '[math]::Round($_.MessagesPerSecond, 1)' }
    )
    'GenieObservability.WorkspaceRequestRate' = @(
        'WorkspaceUrl'
        'Requests'
        'RateLimited'
        @{ Label = 'Avg/s'; Script = '[math]::Round($_.RequestsPerSecond, 1)' }
        @{ Label = 'Settled/s'; Script = 'if ($null -ne $_.SettledRequestsPerSecond) { [math]::Round($_.SettledRequestsPerSecond, 1) }' }
        'MaxRequestsPerSecond'
    )
    'GenieObservability.GenieStoredMessage' = @(
        'WorkspaceName'
        'SpaceName'
        'MessageId'
        'Status'
        @{ Label = 'Content'; Script = 'if ($_.Content -and $_.Content.Length -gt 60) { $_.Content.Substring(0, 57) + ''...'' } else { $_.Content }' }
        'AttachmentCount'
        'UserEmail'
    )
    'GenieObservability.GenieObservabilityJobSummary' = @(
        'Status'
        'FailedStep'
        @{ Label = 'Refresh'; Script = '$_.Refresh.Status' }
        @{ Label = 'Window'; Script = 'if ($_.Refresh) { ''{0:u} .. {1:u}'' -f $_.Refresh.WindowStart, $_.Refresh.WindowEnd }' }
        @{ Label = 'ToFetch'; Script = '($_.ToFetchByReason.GetEnumerator() | ForEach-Object { "$($_.Key)=$($_.Value)" }) -join '', ''' }
        @{ Label = 'Stored'; Script = '$_.Ingestion.Stored' }
        @{ Label = 'Pending'; Script = '$_.Ingestion.Pending' }
        @{ Label = 'Failed'; Script = '$_.Ingestion.Failed' }
        @{ Label = 'Down'; Script = '@($_.FailedByWorkspace).Count' }
        @{ Label = 'Metrics'; Script = 'if ($_.QueryMetrics) { ''{0}/{1}'' -f $_.QueryMetrics.Found, $_.QueryMetrics.Statements }' }
        @{ Label = '429s'; Script = '$_.Ingestion.RateLimited' }
        @{ Label = 'Spaces'; Script = 'if ($_.SpaceSync) { ''{0} synced, {1} unchanged, {2} failed'' -f $_.SpacesSynced, $_.SpacesUnchanged, $_.SpacesFailed }' }
        @{ Label = 'Elapsed'; Script = '$_.Elapsed.ToString(''hh\:mm\:ss'')' }
    )
    'GenieObservability.GenieWorkspaceFailure' = @(
        'WorkspaceUrl'
        @{ Label = 'WorkspaceIds'; Script = '$_.WorkspaceIds -join '', ''' }
        'ErrorType'
        'HttpStatus'
        'Messages'
        @{ Label = 'FirstError'; Script = 'if ($_.FirstError.Length -gt 80) { $_.FirstError.Substring(0, 77) + ''...'' } else { $_.FirstError }' }
    )
}

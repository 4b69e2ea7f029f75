@{
    'GenieObservability.MessageIngestionSummary' = @(
        'Status'
        'Received'
        'Stored'
        'Completed'
        'Pending'
        'Failed'
        @{ Label = 'FailedByType'; Script = '($_.FailedByType.GetEnumerator() | ForEach-Object { "$($_.Key)=$($_.Value)" }) -join '', ''' }
        'Resolved'
        @{ Label = 'Elapsed'; Script = '$_.Elapsed.ToString(''hh\:mm\:ss'')' }
        @{ Label = 'Msg/s'; Script = '[math]::Round($_.MessagesPerSecond, 1)' }
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
}

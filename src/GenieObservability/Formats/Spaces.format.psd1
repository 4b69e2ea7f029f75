@{
    'GenieObservability.GenieSpaceDetail'        = @('WorkspaceId', 'SpaceId', 'Title', 'FetchStatus', 'ContentChanged', 'WarehouseId', @{ Label = 'ContentHash'; Script = 'if ($_.ContentHash) { $_.ContentHash.Substring(0, 12) }' })
    'GenieObservability.GenieSpaceSyncSummary'   = @('Spaces', 'Succeeded', 'Changed', 'Empty', 'Forbidden', 'NotFound', 'Failed', 'Duration')
    'GenieObservability.GenieSpaceBackupResult'  = @('SpaceId', 'Title', 'Changed', @{ Label = 'File'; Script = '$_.File.Name' }, 'SkippedReason')
    'GenieObservability.GenieSpaceEvaluationRun'     = @('SpaceId', 'EvalRunId', 'Status', 'NumQuestions', 'NumCorrect', 'NumNeedsReview', @{ Label = 'Accuracy'; Script = 'if ($null -ne $_.Accuracy) { $_.Accuracy.ToString(''P0'') }' }, 'CreatedTimestamp', 'ResultsStored')
    'GenieObservability.GenieSpaceEvaluationSummary' = @('Spaces', 'SpacesFailed', 'RunsListed', 'RunsStored', 'RunsSkipped', 'RunsFailed', 'ResultsStored')
    'GenieObservability.GenieSpacePublishResult' = @('Action', 'SourceSpaceId', 'TargetSpaceId', 'Title', 'WhatIf', @{ Label = 'Changes'; Script = 'if ($_.Reason) { $_.Reason } else { $_.Changes -join ''; '' }' })
    'GenieObservability.GenieSpaceDrift'         = @('Status', 'SpaceId', 'Title', @{ Label = 'Differences'; Script = '($_.Differences | ForEach-Object { $_.ToString() }) -join ''; ''' })
    'GenieObservability.GenieSpaceDifference'    = @('Aspect', 'Item', 'Change', 'Before', 'After')
    'GenieObservability.GenieSpaceDriftSummary'  = @('InSync', 'Changed', 'MissingLive', 'MissingBackup', 'Unknown')
}

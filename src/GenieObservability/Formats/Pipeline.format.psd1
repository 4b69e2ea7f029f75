@{
    'GenieObservability.GeniePipelineRun'        = @('Engine', 'Mode', 'EffectiveMode', 'WindowStart', 'WindowEnd', 'BronzeRows', 'SilverRows', @{ Label = 'Duration'; Script = '$_.Duration.ToString("hh\:mm\:ss")' }, 'State')
    'GenieObservability.GenieMessageToFetch'     = @('Reason', 'WorkspaceId', 'SpaceId', 'ConversationId', 'MessageId', 'EventTime', 'UserEmail', 'RetryCount')
    'GenieObservability.GenieSpaceMetric'        = @('WorkspaceId', 'WorkspaceName', 'SpaceId', 'ConversationCount', 'MessageCount', 'UserCount', 'LastEventTime')
    'GenieObservability.GeniePipelineValidation' = @('WindowStart', 'WindowEnd', 'AuditRowsInWindow', 'BronzeRows', 'SilverRows', 'DuplicateEvents', 'RowsMissingIds', 'Workspaces', 'Spaces')
    'GenieObservability.GenieAuditImportResult'  = @(@{ Label = 'Files'; Script = '$_.Files.Count' }, 'LinesRead', 'RowsImported', 'DuplicateRows', 'MalformedLines', 'SystemTableRows', 'DeliveredLogRows', @{ Label = 'NoUrl'; Script = '$_.WorkspacesWithoutUrl -join ","' })
}

@{
    'GenieObservability.GenieQueryMetricSyncSummary' = @('Status', 'Statements', 'Found', 'Pending', 'NotAvailable', 'LookupFailed', 'FoundInSystemTable', 'ApiRequests', 'StatementsPerRequest', @{ Label = 'Duration'; Script = '$_.Duration.ToString(''hh\:mm\:ss\.f'')' })
}

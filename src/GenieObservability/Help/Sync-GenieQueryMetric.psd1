@{
    Synopsis    = 'Looks up the query performance of the SQL statements behind stored Genie answers into message_query_metrics.'
    Description = @'
Every query attachment of a message stored in message_details names the SQL statement Genie ran (statement_id; a message may have several). This command looks those statements up and merges their metrics into message_query_metrics, one row per workspace_id and statement_id: status, total, execution, compilation and queue durations (ms), rows produced, bytes read, result-cache use, warehouse id, error message, start and end time, and the lookup bookkeeping (availability, attempts, first_looked_up_at, last_looked_up_at).

On a Databricks SQL warehouse (Connect-GenieWarehouse -WarehouseId or an ODBC DSN to one) it first runs one set-based MERGE from system.query.history, matched by statement_id; without SELECT on that table it warns once and goes on. Then, on every backend (the embedded file included), it calls the Query History API, GET /api/2.0/sql/history/queries with filter_by.statement_ids and include_metrics=true, for the statements still missing: -StatementsPerRequest ids per request (default 100; the API documents no limit on the id list, but max_results must be less than 1000), -ThrottleLimit requests at once, following next_page_token when a page holds fewer entries than asked.

Query history arrives after the answer. A statement not found (or still running) is stored as PENDING and looked up again by later runs until -MaxLookupAge after its first lookup; then it becomes NOT_AVAILABLE and is counted, not reported as an error. Statements already FOUND or NOT_AVAILABLE are never looked up again.

Emits one GenieQueryMetricSyncSummary. When some requests fail, one warning gives the counts and a later run looks those statements up again; when every request fails (for example 403 on the Query History API), the command ends with a terminating error (QueryHistoryUnavailable). Invoke-GenieObservabilityJob runs the same step after the message import unless -SkipQueryMetrics.
'@
    Outputs     = 'One GenieQueryMetricSyncSummary: Statements looked up, Found, Pending, NotAvailable, LookupFailed, FoundInSystemTable, ApiRequests.'
    Parameters  = @{
        WorkspaceId          = 'Only statements of messages of these workspace ids (default: every workspace in message_details).'
        MaxLookupAge         = 'How long after its first lookup a statement still missing from query history is looked up again by later runs (default 24 hours); after that it is marked NOT_AVAILABLE.'
        StatementsPerRequest = 'Statement ids per Query History request, 1 to 999 (default 100, which keeps the request line near 6 KB). 10,000 statements take 100 requests at the default.'
        ThrottleLimit        = 'Query History requests in flight at the same time (1-32, default 4).'
        SkipSystemTable      = 'On a Databricks SQL warehouse, do not MERGE from system.query.history; use only the Query History API.'
    }
    Examples    = @(
        @{
            Code    = 'Sync-GenieQueryMetric'
            Remarks = 'Looks up every statement of the stored answers that has no metrics yet, or is still pending, and shows the counts.'
        }
        @{
            Code    = 'Sync-GenieQueryMetric -MaxLookupAge (New-TimeSpan -Hours 6) -WhatIf'
            Remarks = 'Shows what would run without looking anything up or writing.'
        }
        @{
            Code    = 'Invoke-GenieSql "SELECT message_id, total_duration_ms, status FROM genie_analytics.message_query_metrics WHERE availability = ''FOUND'' ORDER BY total_duration_ms DESC LIMIT 10"'
            Remarks = 'The ten slowest Genie queries on the embedded warehouse.'
        }
    )
    Links       = @('Invoke-GenieObservabilityJob', 'Import-GenieMessageDetails', 'Invoke-GenieSql')
}

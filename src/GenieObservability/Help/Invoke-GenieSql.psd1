@{
    Synopsis    = 'Runs a SQL query against the connected warehouse and streams its rows as objects.'
    Description = @'
Runs -Query against the connected warehouse (the embedded DuckDB file, a SQL warehouse over the Statement Execution API, or ODBC) and writes one object per row as it arrives, with a property per column; nothing is collected first, so a large result can be piped onwards or stopped with Ctrl+C (which also cancels the statement on a SQL warehouse).

Values go in as parameters, never spliced into the text: write :name in the query and give -Parameters @{ name = value }. Each backend turns :name into its own marker; text inside quotes or comments is left alone. Strings, integers, booleans, DateTime (as UTC timestamps) and $null are supported. Table names cannot be parameters. A name without a prefix resolves to the connected catalog and schema (Get-GenieContext shows them), so SELECT count(*) FROM message_details reads the product's table on every backend; qualified names (Catalog.Schema.table, or Schema.table for the embedded file) work too. Until Install-GenieObservabilitySchema has created the schema, unqualified names resolve to the catalog's default schema.
'@
    Outputs     = 'One PSObject per row, with a property per result column.'
    Parameters  = @{
        Query      = 'The SQL to run, in the warehouse''s dialect (Databricks SQL, DuckDB or the ODBC server''s), with :name markers for values.'
        Parameters = 'Values for the :name markers of the query, e.g. @{ since = (Get-Date).AddDays(-7); status = ''FAILED'' }.'
    }
    Examples    = @(
        @{
            Code    = 'Connect-GenieWarehouse -Path ./genie.duckdb; Invoke-GenieSql "SELECT count(*) AS n FROM message_details"'
            Remarks = 'Counts the stored messages; the unqualified name resolves to the connected schema (genie_analytics).'
        }
        @{
            Code    = 'Invoke-GenieSql -Query "SELECT status, COUNT(*) AS n FROM genie_analytics.message_details WHERE created_timestamp >= :since GROUP BY status" -Parameters @{ since = (Get-Date).ToUniversalTime().AddDays(-7) }'
            Remarks = 'Counts last week''s messages by status in the embedded warehouse.'
        }
        @{
            Code    = 'Invoke-GenieSql "SELECT * FROM main.genie_analytics.message_fetch_errors WHERE NOT resolved" | Export-Csv ./open-errors.csv'
            Remarks = 'Streams the unresolved fetch errors of a SQL warehouse into a CSV file.'
        }
    )
    Links       = @('Connect-GenieWarehouse', 'Get-GenieContext')
}

@{
    Synopsis    = 'Chooses the warehouse the product''s tables live in: an embedded DuckDB file, a Databricks SQL warehouse over the Statement Execution API, or ODBC.'
    Description = @'
Sets the warehouse of the current runspace's connection (or of the -Context given). Every cmdlet that reads or writes tables (the pipeline refresh, message ingestion, space sync, Install-GenieObservabilitySchema, Invoke-GenieSql) then uses it.

Three kinds:
- -Path <file>: an embedded DuckDB file; nothing to install. This is also the default when no warehouse was connected: $env:GENIE_OBSERVABILITY_HOME/genie.duckdb when that variable is set, else <LocalApplicationData>/GenieObservability/genie.duckdb (~/.local/share/GenieObservability on Linux, %LOCALAPPDATA%\GenieObservability on Windows). DuckDB allows one writing process per file: the file is opened per operation and closed after it, and a file another process holds gives the error WarehouseLocked naming the file. Tables are <Schema>.<table> (a file has no catalog level).
- -WarehouseId <id>: a Databricks SQL warehouse through the SQL Statement Execution API of the connected workspace (Connect-GenieWorkspace first). Needs no driver, so it works in Azure Automation sandboxes. Tables are <Catalog>.<Schema>.<table>.
- -OdbcConnectionString <string>: any ODBC driver, typically the Databricks (Simba Spark) ODBC driver; see the README for connection strings, including token pass-through and the native-query parameter settings. A psqlODBC (PostgreSQL) driver switches to the PostgreSQL dialect. The connection string is kept in memory only and shown with its secrets masked.

The DuckDB file and ODBC connections are opened once here, so a locked file, a missing driver or an unreachable server is reported at once. A SQL warehouse is not probed (a query would start a stopped warehouse).
'@
    Outputs     = 'With -PassThru, the updated connection (GenieContext); otherwise nothing.'
    Parameters  = @{
        Path                 = 'The DuckDB database file; created with its folder on first write. Default: $env:GENIE_OBSERVABILITY_HOME/genie.duckdb, else <LocalApplicationData>/GenieObservability/genie.duckdb.'
        WarehouseId          = 'The id of a Databricks SQL warehouse (from its connection details), used through the SQL Statement Execution API of the connected workspace.'
        OdbcConnectionString = 'An ODBC connection string, e.g. Driver={Simba Spark ODBC Driver};Host=adb-123.azuredatabricks.net;Port=443;HTTPPath=/sql/1.0/warehouses/<id>;SSL=1;ThriftTransport=2;AuthMech=3;UID=token;PWD=<token>. Secrets are never shown.'
        Catalog              = 'The Unity Catalog catalog of the tables (SQL warehouse and ODBC). Letters, digits and underscores only. Default: main.'
        Schema               = 'The schema of the tables. Letters, digits and underscores only. Default: genie_analytics.'
        PassThru             = 'Returns the updated connection.'
    }
    Examples    = @(
        @{
            Code    = 'Connect-GenieWarehouse -Path ./genie.duckdb'
            Remarks = 'Keeps the tables in an embedded DuckDB file in the current folder.'
        }
        @{
            Code    = 'Connect-GenieWorkspace -Host https://adb-123.azuredatabricks.net -Identity; Connect-GenieWarehouse -WarehouseId abc123 -Catalog main -Schema genie_analytics'
            Remarks = 'A runbook: writes to Unity Catalog through the SQL warehouse abc123 over the Statement Execution API, authenticated as the managed identity.'
        }
        @{
            Code    = 'Connect-GenieWarehouse -OdbcConnectionString "Driver={Simba Spark ODBC Driver};Host=adb-123.azuredatabricks.net;Port=443;HTTPPath=/sql/1.0/warehouses/abc123;SSL=1;ThriftTransport=2;AuthMech=3;UID=token;PWD=$env:DATABRICKS_TOKEN" -PassThru'
            Remarks = 'A workstation with the Databricks ODBC driver, authenticated with a personal access token.'
        }
    )
    Links       = @('Get-GenieContext', 'Install-GenieObservabilitySchema', 'Invoke-GenieSql')
}

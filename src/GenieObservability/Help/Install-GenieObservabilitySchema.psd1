@{
    Synopsis    = 'Creates the schema and the persisted tables (message_details, message_fetch_errors, genie_space_details, genie_ingestion_runs, message_comments, message_feedback, genie_space_eval_runs, genie_space_eval_results) in the connected warehouse.'
    Description = @'
Creates, in the connected warehouse, the schema and each persisted table that does not exist yet: message_details, message_fetch_errors, genie_space_details, genie_ingestion_runs, message_comments, message_feedback, genie_space_eval_runs and genie_space_eval_results, with the agreed columns. A warehouse installed by an earlier version gets the tables it lacks. Databricks gets Delta tables with CLUSTER BY on the table key and column comments; the embedded DuckDB file and PostgreSQL get the same columns with a primary key.

Idempotent: it reads information_schema first and sends DDL only for what is missing, so a second run changes nothing and reports every object as Exists. Existing tables are never dropped; a table made by an earlier version gets the columns added since (ALTER TABLE ... ADD COLUMN, e.g. genie_space_details.deleted_at), its rows untouched. The space sync does the same for genie_space_details on its first run. -WhatIf prints the DDL of each missing object without running it. sql/genie_observability_schema.sql in the module folder is the same Databricks DDL to run by hand (sql/embedded/genie_observability_schema.duckdb.sql for DuckDB).

The pipeline tables (bronze, silver, gold, validation) are created by each pipeline refresh, not here.
'@
    Outputs     = 'One object per schema, table and added column: Status (Created, Exists, NotCreated), ObjectType, Name, WarehouseKind and its Ddl.'
    Examples    = @(
        @{
            Code    = 'Install-GenieObservabilitySchema'
            Remarks = 'Creates what is missing in the connected warehouse (the embedded DuckDB file when none was connected).'
        }
        @{
            Code    = 'Connect-GenieWarehouse -WarehouseId abc123 -Catalog main -Schema genie_analytics; Install-GenieObservabilitySchema -WhatIf'
            Remarks = 'Shows the Databricks DDL that would run, without running it.'
        }
    )
    Links       = @('Connect-GenieWarehouse', 'Invoke-GenieSql')
}

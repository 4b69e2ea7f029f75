namespace GenieObservability.Engine.Warehouse;

/// <summary>The SQL flavour a warehouse speaks; DDL differs, DML stays in the subset all of them run.</summary>
public enum SqlDialect
{
    DuckDb,
    Databricks,

    /// <summary>PostgreSQL behind ODBC: the real driver the ODBC backend is tested with here.</summary>
    PostgreSql,
}

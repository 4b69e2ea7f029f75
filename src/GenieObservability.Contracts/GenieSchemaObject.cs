namespace GenieObservability;

/// <summary>
/// One schema, table or data upgrade Install-GenieObservabilitySchema checked: whether it was created (or applied) or
/// already there, and its SQL.
/// </summary>
public sealed class GenieSchemaObject
{
    /// <summary>The qualified name, e.g. main.genie_analytics.message_details.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>Schema, Table, Column (a column added to a table an earlier version made), or Upgrade (a one-time change of rows written by an earlier version).</summary>
    public string ObjectType { get; set; } = string.Empty;

    /// <summary>Created, Applied (an upgrade), Exists (already there or already applied), or NotCreated (declined with -WhatIf or at a -Confirm prompt).</summary>
    public string Status { get; set; } = string.Empty;

    /// <summary>DuckDb, Odbc or StatementApi.</summary>
    public string WarehouseKind { get; set; } = string.Empty;

    /// <summary>The DDL that creates the object (for an upgrade, the statement that changes the rows) in this warehouse's dialect.</summary>
    public string Ddl { get; set; } = string.Empty;

    /// <summary>Rows an upgrade changed when it was applied; null otherwise.</summary>
    public long? RowsChanged { get; set; }
}

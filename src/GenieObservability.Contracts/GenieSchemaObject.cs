namespace GenieObservability;

/// <summary>One schema or table Install-GenieObservabilitySchema checked: whether it was created or already there, and its DDL.</summary>
public sealed class GenieSchemaObject
{
    /// <summary>The qualified name, e.g. main.genie_analytics.message_details.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>Schema, Table, or Column (a column added to a table an earlier version made).</summary>
    public string ObjectType { get; set; } = string.Empty;

    /// <summary>Created, Exists, or NotCreated (declined with -WhatIf or at a -Confirm prompt).</summary>
    public string Status { get; set; } = string.Empty;

    /// <summary>DuckDb, Odbc or StatementApi.</summary>
    public string WarehouseKind { get; set; } = string.Empty;

    /// <summary>The DDL that creates the object in this warehouse's dialect.</summary>
    public string Ddl { get; set; } = string.Empty;
}

namespace GenieObservability.Engine.Warehouse;

/// <summary>One column of a <see cref="TableDefinition"/>: its name, type and comment.</summary>
/// <param name="AddedLater">
/// The column came after its table was first shipped: installing adds it to a table that exists without it
/// (ALTER TABLE ... ADD COLUMN), so warehouses made by an earlier version are upgraded in place.
/// </param>
public sealed record ColumnDefinition(string Name, ColumnType Type, string Comment, bool AddedLater = false);

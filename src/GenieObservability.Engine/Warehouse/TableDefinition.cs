namespace GenieObservability.Engine.Warehouse;

/// <summary>A persisted table as the warehouse writes it (MERGE on <paramref name="Key"/>) and the installer creates it.</summary>
public sealed record TableDefinition(string Name, string Comment, IReadOnlyList<string> Key, IReadOnlyList<ColumnDefinition> Columns)
{
    public IReadOnlyList<string> ColumnNames => Columns.Select(c => c.Name).ToList();
}

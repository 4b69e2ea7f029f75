namespace GenieObservability.Engine.Schema;

/// <summary>What installing the schema did (or would do) for one object; <paramref name="RowsChanged"/> for an applied upgrade.</summary>
public sealed record SchemaObjectResult(string Name, string ObjectType, SchemaObjectStatus Status, string Ddl, long? RowsChanged = null)
{
    public bool Created => Status == SchemaObjectStatus.Created;
}

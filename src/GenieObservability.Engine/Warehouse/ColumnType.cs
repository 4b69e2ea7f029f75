namespace GenieObservability.Engine.Warehouse;

/// <summary>The column types the persisted tables use, written per dialect by the schema installer (Schema/ObservabilitySchema).</summary>
public enum ColumnType
{
    Text,
    BigWholeNumber,
    WholeNumber,
    Boolean,
    Timestamp,
}

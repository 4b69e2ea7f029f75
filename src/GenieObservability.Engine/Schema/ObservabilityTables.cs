using GenieObservability.Engine.Warehouse;

namespace GenieObservability.Engine.Schema;

/// <summary>
/// The persisted tables of the product (design §3): names, keys and columns as agreed by every stage that writes them,
/// one file per table group (ObservabilityTables.*.cs, FeedbackTables, EvaluationTables); <see cref="ObservabilitySchema"/>
/// creates and upgrades them. Pipeline tables (bronze/silver/gold/validation) are rebuilt by each refresh and are
/// defined by the pipeline SQL, not here.
/// </summary>
public static partial class ObservabilityTables
{
    private const ColumnType S = ColumnType.Text;
    private const ColumnType B = ColumnType.BigWholeNumber;
    private const ColumnType I = ColumnType.WholeNumber;
    private const ColumnType T = ColumnType.Timestamp;

    // Computed on each call: the tables are defined across partial files, whose static initialisers run in no set order.
    public static IReadOnlyList<TableDefinition> All => [MessageDetails, MessageFetchErrors, SpaceDetails, IngestionRuns, QueryMetrics, .. FeedbackTables.All, .. EvaluationTables.All];
}

namespace GenieObservability.Engine.Warehouse;

/// <summary>
/// Where the product's tables live: the embedded DuckDB file, a Databricks SQL warehouse over ODBC, or one over the
/// SQL Statement Execution API. SQL text always uses named <c>:name</c> markers; each backend rewrites them to its own
/// (DuckDB <c>$name</c>, ODBC <c>?</c>, Statement API <c>:name</c>). Values are always parameters, never spliced.
/// </summary>
public interface IWarehouse : IAsyncDisposable
{
    WarehouseKind Kind { get; }

    SqlDialect Dialect { get; }

    /// <summary>Validated catalog.schema and the qualified names of the product's tables.</summary>
    TableNames Tables { get; }

    /// <summary>
    /// The most rows one upsert statement should carry here. A parameterised MERGE binds in time that grows with the
    /// square of its parameter count (DuckDB, 20 columns: 100 rows 131 ms, 400 rows 1,661 ms); a staged one has no parameters.
    /// </summary>
    int RowsPerUpsertStatement { get; }

    /// <summary>Runs a statement; returns the affected row count where the backend reports one, else -1.</summary>
    Task<long> ExecuteAsync(string sql, IReadOnlyDictionary<string, object?>? parameters = null, CancellationToken cancellationToken = default);

    /// <summary>Streams rows; nothing is materialised beyond what the backend buffers.</summary>
    IAsyncEnumerable<SqlRow> QueryAsync(string sql, IReadOnlyDictionary<string, object?>? parameters = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Inserts or updates <paramref name="rows"/> (values in <paramref name="columns"/> order) keyed on
    /// <paramref name="keyColumns"/>, as multi-row MERGE statements of at most <paramref name="batchSize"/> rows each.
    /// Returns the number of statements sent.
    /// </summary>
    Task<int> UpsertAsync(string table, IReadOnlyList<string> keyColumns, IReadOnlyList<string> columns, IEnumerable<object?[]> rows, int batchSize = 500, CancellationToken cancellationToken = default);
}

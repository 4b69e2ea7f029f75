using System.Collections.Concurrent;
using System.Data.Common;
using System.Runtime.CompilerServices;

namespace GenieObservability.Engine.Warehouse;

/// <summary>
/// What the three backends share: validation, batching and the MERGE upsert. A backend supplies only how a statement
/// runs, how rows stream back, and how a result's column types are read.
/// </summary>
public abstract class WarehouseBase : IWarehouse
{
    private readonly ConcurrentDictionary<string, IReadOnlyDictionary<string, string>> _columnTypes = new(StringComparer.OrdinalIgnoreCase);
    private long _roundTrips;

    protected WarehouseBase(SqlDialect dialect, TableNames tables)
    {
        ArgumentNullException.ThrowIfNull(tables);
        Dialect = dialect;
        Tables = tables;
    }

    public abstract WarehouseKind Kind { get; }

    public SqlDialect Dialect { get; }

    public TableNames Tables { get; }

    /// <summary>100 rows: the parameterised MERGE every backend can run (see <see cref="IWarehouse.RowsPerUpsertStatement"/>).</summary>
    public virtual int RowsPerUpsertStatement => ParameterizedRowsPerStatement;

    protected const int ParameterizedRowsPerStatement = 100;

    /// <summary>Statements sent to the warehouse by this instance (each execute, query or type lookup counts once).</summary>
    public long RoundTrips => Interlocked.Read(ref _roundTrips);

    public Task<long> ExecuteAsync(string sql, IReadOnlyDictionary<string, object?>? parameters = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sql);
        Interlocked.Increment(ref _roundTrips);
        return ExecuteCoreAsync(sql, parameters, cancellationToken);
    }

    public IAsyncEnumerable<SqlRow> QueryAsync(string sql, IReadOnlyDictionary<string, object?>? parameters = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sql);
        return Counted(QueryCoreAsync(sql, parameters, cancellationToken), cancellationToken);
    }

    public async Task<int> UpsertAsync(string table, IReadOnlyList<string> keyColumns, IReadOnlyList<string> columns, IEnumerable<object?[]> rows, int batchSize = 500, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keyColumns);
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        ValidateQualifiedName(table);
        foreach (var column in columns)
        {
            TableNames.ValidateIdentifier(column, "column");
        }

        var keyOrdinals = keyColumns.Select(k => IndexOf(columns, k)).ToArray();
        if (keyOrdinals.Length == 0)
        {
            throw new ArgumentException("At least one key column is needed for an upsert.", nameof(keyColumns));
        }

        IReadOnlyList<string>? types = null;
        var statements = 0;
        var batch = new List<object?[]>(batchSize);
        var positionByKey = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            cancellationToken.ThrowIfCancellationRequested();

            // MERGE fails when two source rows match one target row: within a batch the later row wins.
            var key = KeyOf(row, keyOrdinals);
            if (positionByKey.TryGetValue(key, out var position))
            {
                batch[position] = row;
                continue;
            }

            positionByKey[key] = batch.Count;
            batch.Add(row);
            if (batch.Count == batchSize)
            {
                types ??= await ColumnTypesAsync(table, columns, cancellationToken).ConfigureAwait(false);
                await SendAsync(table, keyColumns, columns, types, batch, cancellationToken).ConfigureAwait(false);
                statements++;
                batch.Clear();
                positionByKey.Clear();
            }
        }

        if (batch.Count > 0)
        {
            types ??= await ColumnTypesAsync(table, columns, cancellationToken).ConfigureAwait(false);
            await SendAsync(table, keyColumns, columns, types, batch, cancellationToken).ConfigureAwait(false);
            statements++;
        }

        return statements;
    }

    public abstract ValueTask DisposeAsync();

    /// <summary>A statement as quoted in an error message: its first 200 characters.</summary>
    protected static string Shorten(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        return sql.Length <= 200 ? sql : string.Concat(sql.AsSpan(0, 200), "...");
    }

    /// <summary>For a backend that sends a statement itself rather than through <see cref="ExecuteAsync"/>.</summary>
    protected void CountRoundTrip() => Interlocked.Increment(ref _roundTrips);

    protected abstract Task<long> ExecuteCoreAsync(string sql, IReadOnlyDictionary<string, object?>? parameters, CancellationToken cancellationToken);

    protected abstract IAsyncEnumerable<SqlRow> QueryCoreAsync(string sql, IReadOnlyDictionary<string, object?>? parameters, CancellationToken cancellationToken);

    /// <summary>The SQL type names of a query's result columns, in the form this backend accepts in CAST(... AS type).</summary>
    protected abstract Task<IReadOnlyList<(string Name, string Type)>> DescribeResultAsync(string sql, CancellationToken cancellationToken);

    /// <summary>Values as every backend binds them: UTC DateTime for offsets, strings for enums and GUIDs.</summary>
    protected static object? Normalize(object? value) => value switch
    {
        null or DBNull => null,
        DateTimeOffset offset => offset.UtcDateTime,
        Enum e => e.ToString(),
        Guid g => g.ToString(),
        char ch => ch.ToString(),
        _ => value,
    };

    private static void ValidateQualifiedName(string table)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(table);
        foreach (var part in table.Split('.'))
        {
            TableNames.ValidateIdentifier(part, "table");
        }
    }

    private static int IndexOf(IReadOnlyList<string> columns, string name)
    {
        for (var i = 0; i < columns.Count; i++)
        {
            if (string.Equals(columns[i], name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        throw new ArgumentException($"The key column '{name}' is not among the columns.", nameof(columns));
    }

    private static string KeyOf(object?[] row, int[] keyOrdinals) =>
        string.Join('\u001f', keyOrdinals.Select(i => Convert.ToString(Normalize(row[i]), System.Globalization.CultureInfo.InvariantCulture) ?? "\u0000"));

    /// <summary>Sends one batch (one row per key) as one MERGE into <paramref name="table"/>; counted as one round trip.</summary>
    protected virtual async Task SendAsync(string table, IReadOnlyList<string> keyColumns, IReadOnlyList<string> columns, IReadOnlyList<string> types, IReadOnlyList<object?[]> batch, CancellationToken cancellationToken)
    {
        var merge = MergeStatement.Build(table, keyColumns, columns, types, batch);
        await ExecuteAsync(merge.Sql, merge.Parameters, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A reader's rows, one <see cref="SqlRow"/> each (DBNull as null); a provider error while reading becomes
    /// <paramref name="translate"/>'s exception unless the read was cancelled.
    /// </summary>
    protected static IEnumerable<SqlRow> ReadRows<TProviderException>(DbDataReader reader, Func<TProviderException, Exception> translate, CancellationToken cancellationToken)
        where TProviderException : DbException
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(translate);
        var columns = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToArray();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            bool more;
            try
            {
                more = reader.Read();
            }
            catch (TProviderException ex) when (!cancellationToken.IsCancellationRequested)
            {
                throw translate(ex);
            }

            if (!more)
            {
                yield break;
            }

            var values = new object?[columns.Length];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            yield return new SqlRow(columns, values);
        }
    }

    private async Task<IReadOnlyList<string>> ColumnTypesAsync(string table, IReadOnlyList<string> columns, CancellationToken cancellationToken)
    {
        if (!_columnTypes.TryGetValue(table, out var known))
        {
            Interlocked.Increment(ref _roundTrips);
            var described = await DescribeResultAsync($"SELECT * FROM {table} WHERE 1 = 0", cancellationToken).ConfigureAwait(false);
            known = described.ToDictionary(d => d.Name, d => d.Type, StringComparer.OrdinalIgnoreCase);
            _columnTypes[table] = known;
        }

        return columns.Select(c => known.TryGetValue(c, out var type)
            ? type
            : throw new GenieObservabilityException($"The table {table} has no column '{c}'. Run Install-GenieObservabilitySchema to create or update it.", "WarehouseColumnMissing", GenieErrorCategory.InvalidData)).ToList();
    }

    private async IAsyncEnumerable<SqlRow> Counted(IAsyncEnumerable<SqlRow> rows, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _roundTrips);
        await foreach (var row in rows.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            yield return row;
        }
    }
}

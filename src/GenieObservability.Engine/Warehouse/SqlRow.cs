namespace GenieObservability.Engine.Warehouse;

/// <summary>
/// One result row: column names shared by all rows of a result, and this row's values (DBNull becomes null).
/// The typed getters return null for SQL NULL (see <see cref="SqlValue"/>); <see cref="GetCount(string)"/> alone reads
/// NULL as 0, for aggregates (a SUM over no rows).
/// </summary>
public sealed class SqlRow(IReadOnlyList<string> columns, object?[] values)
{
    public IReadOnlyList<string> Columns { get; } = columns;

    public IReadOnlyList<object?> Values => values;

    public object? this[int ordinal] => values[ordinal];

    public object? this[string column] => values[Ordinal(column)];

    public bool HasColumn(string column) => IndexOf(column) >= 0;

    public string? GetString(string column) => SqlValue.ToText(this[column]);

    public string? GetString(int ordinal) => SqlValue.ToText(values[ordinal]);

    public long? GetInt64(string column) => SqlValue.ToInt64(this[column]);

    public int? GetInt32(string column) => SqlValue.ToInt32(this[column]);

    public double? GetDouble(string column) => SqlValue.ToDouble(this[column]);

    public bool? GetBoolean(string column) => SqlValue.ToBoolean(this[column]);

    /// <summary>A timestamp in UTC (a local DateTime converted, an unspecified one taken as UTC).</summary>
    public DateTimeOffset? GetTimestamp(string column) => SqlValue.ToTimestamp(this[column]);

    public DateTimeOffset? GetTimestamp(int ordinal) => SqlValue.ToTimestamp(values[ordinal]);

    /// <summary>A count or sum: NULL (an aggregate over no rows) reads as 0.</summary>
    public long GetCount(string column) => GetInt64(column) ?? 0;

    private int Ordinal(string column)
    {
        var ordinal = IndexOf(column);
        return ordinal >= 0 ? ordinal : throw new KeyNotFoundException($"The result has no column '{column}'.");
    }

    private int IndexOf(string column)
    {
        for (var i = 0; i < Columns.Count; i++)
        {
            if (string.Equals(Columns[i], column, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }
}

namespace GenieObservability.Engine.Warehouse;

/// <summary>One result row: column names shared by all rows of a result, and this row's values (DBNull becomes null).</summary>
public sealed class SqlRow(IReadOnlyList<string> columns, object?[] values)
{
    public IReadOnlyList<string> Columns { get; } = columns;

    public IReadOnlyList<object?> Values => values;

    public object? this[int ordinal] => values[ordinal];

    public object? this[string column]
    {
        get
        {
            for (var i = 0; i < Columns.Count; i++)
            {
                if (string.Equals(Columns[i], column, StringComparison.OrdinalIgnoreCase))
                {
                    return values[i];
                }
            }

            throw new KeyNotFoundException($"The result has no column '{column}'.");
        }
    }
}

using System.Globalization;
using System.Text;

namespace GenieObservability.Engine.Warehouse;

/// <summary>
/// One multi-row upsert: <c>MERGE INTO t USING (VALUES ...) AS source(...) ON keys WHEN MATCHED THEN UPDATE WHEN NOT
/// MATCHED THEN INSERT</c>, the subset DuckDB, PostgreSQL 15 and Databricks SQL all run. Every value is a named parameter
/// cast to the target column's type, so an untyped NULL or a string-typed parameter lands in the right column type.
/// </summary>
public sealed class MergeStatement
{
    private MergeStatement(string sql, IReadOnlyDictionary<string, object?> parameters, int rowCount)
    {
        Sql = sql;
        Parameters = parameters;
        RowCount = rowCount;
    }

    public string Sql { get; }

    public IReadOnlyDictionary<string, object?> Parameters { get; }

    public int RowCount { get; }

    /// <param name="table">The qualified table name (validated by the caller).</param>
    /// <param name="columnTypes">The SQL type of each of <paramref name="columns"/>, in the same order.</param>
    public static MergeStatement Build(string table, IReadOnlyList<string> keyColumns, IReadOnlyList<string> columns, IReadOnlyList<string> columnTypes, IReadOnlyList<object?[]> rows)
    {
        ArgumentNullException.ThrowIfNull(keyColumns);
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(columnTypes);
        ArgumentNullException.ThrowIfNull(rows);
        var parameters = new Dictionary<string, object?>(rows.Count * columns.Count, StringComparer.Ordinal);
        var sql = new StringBuilder(256 + (rows.Count * columns.Count * 24));
        sql.Append("MERGE INTO ").Append(table).Append(" AS target USING (VALUES ");
        for (var r = 0; r < rows.Count; r++)
        {
            var row = rows[r];
            if (row.Length != columns.Count)
            {
                throw new ArgumentException($"Row {r} has {row.Length} values; {columns.Count} columns were named.", nameof(rows));
            }

            sql.Append(r == 0 ? "(" : ", (");
            for (var c = 0; c < columns.Count; c++)
            {
                var name = string.Create(CultureInfo.InvariantCulture, $"r{r}c{c}");
                parameters[name] = row[c];
                if (c > 0)
                {
                    sql.Append(", ");
                }

                sql.Append("CAST(:").Append(name).Append(" AS ").Append(columnTypes[c]).Append(')');
            }

            sql.Append(')');
        }

        sql.Append(") AS source (").AppendJoin(", ", columns).Append(')');
        AppendMatchClauses(sql, keyColumns, columns);
        return new MergeStatement(sql.ToString(), parameters, rows.Count);
    }

    /// <summary>The same upsert from a table that already holds the batch (typed, one row per key): no parameters.</summary>
    /// <param name="source">The qualified or temp table name holding the rows (validated by the caller).</param>
    public static string FromTable(string table, IReadOnlyList<string> keyColumns, IReadOnlyList<string> columns, string source)
    {
        ArgumentNullException.ThrowIfNull(keyColumns);
        ArgumentNullException.ThrowIfNull(columns);
        var sql = new StringBuilder(256 + (columns.Count * 48));
        sql.Append("MERGE INTO ").Append(table).Append(" AS target USING (SELECT ").AppendJoin(", ", columns)
            .Append(" FROM ").Append(source).Append(") AS source");
        AppendMatchClauses(sql, keyColumns, columns);
        return sql.ToString();
    }

    private static void AppendMatchClauses(StringBuilder sql, IReadOnlyList<string> keyColumns, IReadOnlyList<string> columns)
    {
        sql.Append(" ON ");
        sql.AppendJoin(" AND ", keyColumns.Select(k => $"target.{k} = source.{k}"));
        var updated = columns.Where(c => !keyColumns.Contains(c, StringComparer.OrdinalIgnoreCase)).ToList();
        if (updated.Count > 0)
        {
            // The SET target is unqualified: PostgreSQL rejects target.column there.
            sql.Append(" WHEN MATCHED THEN UPDATE SET ").AppendJoin(", ", updated.Select(c => $"{c} = source.{c}"));
        }

        sql.Append(" WHEN NOT MATCHED THEN INSERT (").AppendJoin(", ", columns).Append(") VALUES (")
            .AppendJoin(", ", columns.Select(c => "source." + c)).Append(')');
    }
}

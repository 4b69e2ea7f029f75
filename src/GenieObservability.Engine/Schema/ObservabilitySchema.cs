using System.Text;
using GenieObservability.Engine.Warehouse;

namespace GenieObservability.Engine.Schema;

/// <summary>
/// DDL of the persisted tables per dialect, and an idempotent install: only what is missing is created, so a second
/// install sends no DDL at all; then the data upgrades not applied yet (<see cref="WorkspaceFailureUpgrade"/>).
/// </summary>
public static class ObservabilitySchema
{
    /// <summary>The whole script for a dialect, as shipped in sql/ (schema first, then each table).</summary>
    public static string Script(SqlDialect dialect, TableNames names)
    {
        ArgumentNullException.ThrowIfNull(names);
        var script = new StringBuilder();
        script.Append(SchemaDdl(dialect, names)).Append(";\n");
        foreach (var table in ObservabilityTables.All)
        {
            script.Append('\n').Append(TableDdl(dialect, names, table)).Append(";\n");
        }

        return script.ToString();
    }

    public static string SchemaDdl(SqlDialect dialect, TableNames names)
    {
        ArgumentNullException.ThrowIfNull(names);
        return dialect == SqlDialect.Databricks
            ? $"CREATE SCHEMA IF NOT EXISTS {names.SchemaName}\nCOMMENT 'Genie observability: audit pipeline, message details, space backups and run history'"
            : $"CREATE SCHEMA IF NOT EXISTS {names.SchemaName}";
    }

    public static string TableDdl(SqlDialect dialect, TableNames names, TableDefinition table)
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(table);
        var ddl = new StringBuilder();
        ddl.Append("CREATE TABLE IF NOT EXISTS ").Append(names.Qualify(table.Name)).Append(" (\n");
        for (var i = 0; i < table.Columns.Count; i++)
        {
            var column = table.Columns[i];
            ddl.Append("  ").Append(ColumnDdl(dialect, table, column));
            ddl.Append(i < table.Columns.Count - 1 || dialect != SqlDialect.Databricks ? ",\n" : "\n");
        }

        if (dialect == SqlDialect.Databricks)
        {
            ddl.Append(")\nUSING DELTA\nCLUSTER BY (").AppendJoin(", ", table.Key).Append(")\nCOMMENT ").Append(Literal(table.Comment));
        }
        else
        {
            // The embedded and PostgreSQL tables enforce the key; Delta tables do not enforce primary keys, MERGE keeps them unique.
            ddl.Append("  PRIMARY KEY (").AppendJoin(", ", table.Key).Append(")\n)");
        }

        return ddl.ToString();
    }

    /// <summary>"name TYPE", NOT NULL for a key column outside Databricks, the comment on Databricks.</summary>
    private static string ColumnDdl(SqlDialect dialect, TableDefinition table, ColumnDefinition column)
    {
        var ddl = column.Name + " " + TypeName(dialect, column.Type);
        if (dialect != SqlDialect.Databricks && table.Key.Contains(column.Name))
        {
            ddl += " NOT NULL";
        }

        return dialect == SqlDialect.Databricks ? ddl + " COMMENT " + Literal(column.Comment) : ddl;
    }

    /// <summary>
    /// Creates the schema, every missing table, and every column added to an existing table since it was first shipped
    /// (<see cref="ColumnDefinition.AddedLater"/>); with <paramref name="shouldCreate"/> false for an object, only reports it.
    /// </summary>
    public static async Task<IReadOnlyList<SchemaObjectResult>> InstallAsync(IWarehouse warehouse, Func<SchemaObjectResult, bool> shouldCreate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(warehouse);
        var existing = await SchemaColumnsAsync(warehouse, cancellationToken).ConfigureAwait(false);
        return await InstallAsync(warehouse, existing, shouldCreate, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The same with the schema's tables and their columns already known (<paramref name="existing"/> null: the schema
    /// is missing), e.g. read through the Unity Catalog API, so that finding nothing to do sends no SQL at all.
    /// </summary>
    public static async Task<IReadOnlyList<SchemaObjectResult>> InstallAsync(IWarehouse warehouse, IReadOnlyDictionary<string, IReadOnlySet<string>>? existing, Func<SchemaObjectResult, bool> shouldCreate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(warehouse);
        ArgumentNullException.ThrowIfNull(shouldCreate);
        var names = warehouse.Tables;
        var results = new List<SchemaObjectResult>();

        var schema = new SchemaObjectResult(names.SchemaName, "Schema", SchemaObjectStatus.Exists, SchemaDdl(warehouse.Dialect, names));
        if (existing is null)
        {
            schema = await CreateAsync(warehouse, schema, shouldCreate, cancellationToken).ConfigureAwait(false);
        }

        results.Add(schema);
        foreach (var table in ObservabilityTables.All)
        {
            var result = new SchemaObjectResult(names.Qualify(table.Name), "Table", SchemaObjectStatus.Exists, TableDdl(warehouse.Dialect, names, table));
            if (existing is null || !existing.TryGetValue(table.Name, out var columns))
            {
                result = await CreateAsync(warehouse, result, shouldCreate, cancellationToken).ConfigureAwait(false);
                results.Add(result);
                continue;
            }

            results.Add(result);
            foreach (var column in table.Columns.Where(c => c.AddedLater && WorkspaceFailureUpgrade.Adds(table, c)))
            {
                // The column marks the rows of the earlier failure rule: they are changed before it is added. Listed
                // for a table that existed (Exists: done before), never for a new one.
                results.Add(columns.Contains(column.Name)
                    ? WorkspaceFailureUpgrade.NotNeeded(warehouse)
                    : await WorkspaceFailureUpgrade.ApplyAsync(warehouse, shouldCreate, cancellationToken).ConfigureAwait(false));
            }

            foreach (var column in table.Columns.Where(c => c.AddedLater && !WorkspaceFailureUpgrade.Adds(table, c) && !columns.Contains(c.Name)))
            {
                var missing = new SchemaObjectResult(names.Qualify(table.Name) + "." + column.Name, "Column", SchemaObjectStatus.Exists, AddColumnDdl(warehouse.Dialect, names, table, column));
                results.Add(await CreateAsync(warehouse, missing, shouldCreate, cancellationToken).ConfigureAwait(false));
            }
        }

        return results;
    }

    /// <summary>
    /// Creates one table (and its schema) when missing, and adds the columns a table made by an earlier version lacks;
    /// the other tables are left to their owners.
    /// </summary>
    public static async Task EnsureTableAsync(IWarehouse warehouse, TableDefinition table, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(warehouse);
        ArgumentNullException.ThrowIfNull(table);
        var qualified = warehouse.Tables.Qualify(table.Name);
        var wanted = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { warehouse.Tables.SchemaName, qualified };
        await InstallAsync(
            warehouse,
            created => wanted.Contains(created.Name) || created.Name.StartsWith(qualified + ".", StringComparison.OrdinalIgnoreCase),
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>ALTER TABLE ... ADD COLUMN for a column added after the table was first shipped (dialect-specific).</summary>
    public static string AddColumnDdl(SqlDialect dialect, TableNames names, TableDefinition table, ColumnDefinition column)
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(column);
        return dialect == SqlDialect.Databricks
            ? $"ALTER TABLE {names.Qualify(table.Name)} ADD COLUMNS ({ColumnDdl(dialect, table, column)})"
            : $"ALTER TABLE {names.Qualify(table.Name)} ADD COLUMN {ColumnDdl(dialect, table, column)}";
    }

    private static async Task<SchemaObjectResult> CreateAsync(IWarehouse warehouse, SchemaObjectResult missing, Func<SchemaObjectResult, bool> shouldCreate, CancellationToken cancellationToken)
    {
        if (!shouldCreate(missing))
        {
            return missing with { Status = SchemaObjectStatus.NotCreated };
        }

        await warehouse.ExecuteAsync(missing.Ddl, null, cancellationToken).ConfigureAwait(false);
        return missing with { Status = SchemaObjectStatus.Created };
    }

    /// <summary>The columns a table of the schema has (empty when it does not exist).</summary>
    public static async Task<IReadOnlySet<string>> TableColumnsAsync(IWarehouse warehouse, string table, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(warehouse);
        var names = warehouse.Tables;
        var columns = names.UseCatalog ? $"{names.Catalog}.information_schema.columns" : "information_schema.columns";
        var parameters = new Dictionary<string, object?> { ["schema"] = names.Schema, ["table"] = table };
        var present = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        await foreach (var row in warehouse.QueryAsync($"SELECT column_name FROM {columns} WHERE lower(table_schema) = lower(:schema) AND lower(table_name) = lower(:table)", parameters, cancellationToken).ConfigureAwait(false))
        {
            present.Add(Convert.ToString(row[0], System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty);
        }

        return present;
    }

    /// <summary>
    /// The tables of the schema with their columns (the two reads <see cref="ExistingTablesAsync"/> makes, columns
    /// instead of tables), or null when the schema does not exist.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, IReadOnlySet<string>>?> SchemaColumnsAsync(IWarehouse warehouse, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(warehouse);
        if (!await SchemaExistsAsync(warehouse, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var names = warehouse.Tables;
        var columns = names.UseCatalog ? $"{names.Catalog}.information_schema.columns" : "information_schema.columns";
        var tables = new Dictionary<string, HashSet<string>>(StringComparer.OrdinalIgnoreCase);
        await foreach (var row in warehouse.QueryAsync($"SELECT table_name, column_name FROM {columns} WHERE lower(table_schema) = lower(:schema)", new Dictionary<string, object?> { ["schema"] = names.Schema }, cancellationToken).ConfigureAwait(false))
        {
            var table = Convert.ToString(row[0], System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
            if (!tables.TryGetValue(table, out var set))
            {
                set = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                tables[table] = set;
            }

            set.Add(Convert.ToString(row[1], System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty);
        }

        return tables.ToDictionary(p => p.Key, p => (IReadOnlySet<string>)p.Value, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The tables of the schema, or null when the schema does not exist.</summary>
    public static async Task<HashSet<string>?> ExistingTablesAsync(IWarehouse warehouse, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(warehouse);
        if (!await SchemaExistsAsync(warehouse, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var names = warehouse.Tables;
        var parameters = new Dictionary<string, object?> { ["schema"] = names.Schema };
        var tables = names.UseCatalog ? $"{names.Catalog}.information_schema.tables" : "information_schema.tables";
        var found = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        await foreach (var row in warehouse.QueryAsync($"SELECT table_name FROM {tables} WHERE lower(table_schema) = lower(:schema)", parameters, cancellationToken).ConfigureAwait(false))
        {
            found.Add(Convert.ToString(row[0], System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty);
        }

        return found;
    }

    private static async Task<bool> SchemaExistsAsync(IWarehouse warehouse, CancellationToken cancellationToken)
    {
        var names = warehouse.Tables;
        // A catalog's own information_schema lists only that catalog, so no catalog filter is needed.
        var schemata = names.UseCatalog ? $"{names.Catalog}.information_schema.schemata" : "information_schema.schemata";
        var found = false;
        await foreach (var _ in warehouse.QueryAsync($"SELECT schema_name FROM {schemata} WHERE lower(schema_name) = lower(:schema)", new Dictionary<string, object?> { ["schema"] = names.Schema }, cancellationToken).ConfigureAwait(false))
        {
            found = true;
        }

        return found;
    }

    private static string TypeName(SqlDialect dialect, ColumnType type) => (dialect, type) switch
    {
        (SqlDialect.Databricks, ColumnType.Text) => "STRING",
        (SqlDialect.Databricks, ColumnType.WholeNumber) => "INT",
        (SqlDialect.PostgreSql, ColumnType.Text) => "TEXT",
        (_, ColumnType.Text) => "VARCHAR",
        (_, ColumnType.WholeNumber) => "INTEGER",
        (_, ColumnType.BigWholeNumber) => "BIGINT",
        (_, ColumnType.Boolean) => "BOOLEAN",
        (_, ColumnType.Timestamp) => "TIMESTAMP",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    private static string Literal(string text) => "'" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "'";
}

using System.Data.Common;
using System.Globalization;

namespace GenieObservability.Engine.Warehouse;

/// <summary>
/// Makes a connection resolve unqualified names (<c>SELECT count(*) FROM message_details</c>) to the connected catalog
/// and schema: DuckDB <c>USE file.schema</c>; PostgreSQL <c>SET search_path</c>, which accepts a schema not created yet;
/// Databricks <c>USE CATALOG</c> then <c>USE SCHEMA</c>. DuckDB and Databricks refuse a schema that does not exist, so
/// there it is used once it exists (until Install-GenieObservabilitySchema creates it, the catalog's default schema
/// serves); once seen, it is not looked up again. Qualified names are unaffected.
/// </summary>
internal sealed class SessionSchema
{
    private readonly string? _useCatalog;
    private readonly string? _schemaExists;
    private readonly string _useSchema;
    private readonly Dictionary<string, object?> _parameters;
    private volatile bool _exists;

    private SessionSchema(string? useCatalog, string? schemaExists, string useSchema, Dictionary<string, object?> parameters)
    {
        _useCatalog = useCatalog;
        _schemaExists = schemaExists;
        _useSchema = useSchema;
        _parameters = parameters;
        _exists = schemaExists is null;
    }

    /// <summary>The statements for <paramref name="dialect"/>; <paramref name="catalog"/> is the name the connection knows the catalog by.</summary>
    public static SessionSchema For(SqlDialect dialect, string catalog, string schema)
    {
        TableNames.ValidateIdentifier(catalog, "catalog");
        TableNames.ValidateIdentifier(schema, "schema");
        var parameters = new Dictionary<string, object?>(StringComparer.Ordinal) { ["catalog"] = catalog, ["schema"] = schema };
        return dialect switch
        {
            SqlDialect.DuckDb => new(
                null,
                "SELECT count(*) FROM duckdb_schemas() WHERE database_name = :catalog AND lower(schema_name) = lower(:schema)",
                $"USE {catalog}.{schema}",
                parameters),
            SqlDialect.PostgreSql => new(null, null, $"SET search_path TO {schema}, public", parameters),
            _ => new(
                $"USE CATALOG {catalog}",
                $"SELECT count(*) FROM {catalog}.information_schema.schemata WHERE lower(schema_name) = lower(:schema)",
                $"USE SCHEMA {schema}",
                parameters),
        };
    }

    /// <summary>
    /// Points a connection at the schema through <paramref name="command"/> (which builds a command on that connection).
    /// True when unqualified names now resolve to the schema, or the driver takes no <c>USE CATALOG</c> (a non-Databricks
    /// driver under the Databricks dialect keeps its own defaults); false while the schema does not exist yet.
    /// </summary>
    public bool Apply(Func<string, IReadOnlyDictionary<string, object?>?, DbCommand> command)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (_useCatalog is not null)
        {
            try
            {
                Run(command, _useCatalog);
            }
            catch (DbException)
            {
                return true;
            }
        }

        if (!_exists)
        {
            using var exists = command(_schemaExists!, _parameters);
            if (Convert.ToInt64(exists.ExecuteScalar(), CultureInfo.InvariantCulture) == 0)
            {
                return false;
            }

            _exists = true;
        }

        Run(command, _useSchema);
        return true;
    }

    private static void Run(Func<string, IReadOnlyDictionary<string, object?>?, DbCommand> command, string sql)
    {
        using var statement = command(sql, null);
        statement.ExecuteNonQuery();
    }
}

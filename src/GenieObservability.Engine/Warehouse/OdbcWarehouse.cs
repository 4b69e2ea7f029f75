using System.Data.Common;
using System.Data.Odbc;

namespace GenieObservability.Engine.Warehouse;

/// <summary>
/// A warehouse behind an ODBC driver: a Databricks SQL warehouse through the Databricks (Simba Spark) driver, or
/// PostgreSQL through psqlODBC. Markers are positional <c>?</c>; the named markers of the SQL text are rewritten and the
/// values bound in order. Reads stream through the driver (psqlODBC needs UseDeclareFetch=1 to not buffer a whole result).
/// Every connection resolves unqualified names to the connected catalog and schema (<see cref="SessionSchema"/>).
/// </summary>
public sealed class OdbcWarehouse : AdoNetWarehouse
{
    private readonly string _connectionString;
    private readonly SessionSchema _sessionSchema;
    private OdbcConnection? _connection;
    private bool _connectionOnSchema;

    public OdbcWarehouse(string connectionString, SqlDialect dialect, string catalog = TableNames.DefaultCatalog, string schema = TableNames.DefaultSchema)
        : base(dialect, new TableNames(catalog, schema, useCatalog: dialect == SqlDialect.Databricks))
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        _connectionString = connectionString;
        _sessionSchema = SessionSchema.For(dialect, Tables.Catalog, Tables.Schema);
    }

    public override WarehouseKind Kind => WarehouseKind.Odbc;

    protected override string Description => "The ODBC warehouse";

    protected override Task<IReadOnlyList<(string Name, string Type)>> DescribeResultAsync(string sql, CancellationToken cancellationToken) =>
        WithSharedConnectionAsync<IReadOnlyList<(string Name, string Type)>>(
            connection =>
            {
                try
                {
                    using var command = CreateCommand(connection, sql, null);
                    using var reader = command.ExecuteReader();
                    return Task.FromResult<IReadOnlyList<(string Name, string Type)>>(
                        Enumerable.Range(0, reader.FieldCount).Select(i => (reader.GetName(i), CastableType(reader.GetDataTypeName(i), reader.GetFieldType(i)))).ToList());
                }
                catch (OdbcException ex)
                {
                    throw Translate(ex, sql);
                }
            },
            cancellationToken);

    protected override async ValueTask CloseAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync().ConfigureAwait(false);
            _connection = null;
        }
    }

    /// <summary>
    /// The driver's type name when the dialect's CAST accepts it (PostgreSQL: int8, text, timestamp, bool; Databricks:
    /// BIGINT, STRING, ...); for a driver-specific name, the type implied by the .NET field type.
    /// </summary>
    private string CastableType(string driverTypeName, Type fieldType)
    {
        if (Dialect == SqlDialect.PostgreSql && driverTypeName is "varchar" or "bpchar")
        {
            return "text";
        }

        if (!string.IsNullOrWhiteSpace(driverTypeName) && driverTypeName.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or ' ' or '(' or ')' or ','))
        {
            return driverTypeName;
        }

        return Type.GetTypeCode(fieldType) switch
        {
            TypeCode.Int64 => "BIGINT",
            TypeCode.Int32 or TypeCode.Int16 or TypeCode.Byte => "INT",
            TypeCode.Boolean => "BOOLEAN",
            TypeCode.DateTime => "TIMESTAMP",
            TypeCode.Double or TypeCode.Single => "DOUBLE",
            _ => Dialect == SqlDialect.Databricks ? "STRING" : "TEXT",
        };
    }

    /// <summary>The connection statements run on (under the gate), pointed at the schema as soon as the schema exists.</summary>
    protected override async ValueTask<DbConnection> OpenSharedAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        if (_connection is null)
        {
            (_connection, _connectionOnSchema) = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        }
        else if (!_connectionOnSchema)
        {
            var connection = _connection;
            _connectionOnSchema = await Task.Run(() => UseSessionSchema(connection), cancellationToken).ConfigureAwait(false);
        }

        return _connection;
    }

    /// <summary>Its own connection: a streaming cursor must stay open while the caller runs other statements.</summary>
    protected override async ValueTask<DbConnection> OpenForQueryAsync(CancellationToken cancellationToken) =>
        (await ConnectAsync(cancellationToken).ConfigureAwait(false)).Connection;

    /// <summary>A new open connection, and whether its unqualified names already resolve to the schema.</summary>
    private async Task<(OdbcConnection Connection, bool OnSchema)> ConnectAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        var connection = new OdbcConnection(_connectionString);
        try
        {
            return await Task.Run(
                () =>
                {
                    connection.Open();
                    return (connection, UseSessionSchema(connection));
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (OdbcException ex)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw new GenieObservabilityException(
                $"The ODBC warehouse could not be opened ({WarehouseSettings.RedactConnectionString(_connectionString)}): {ex.Message}",
                "WarehouseConnectFailed",
                GenieErrorCategory.ConnectionError,
                ex);
        }
        catch (DllNotFoundException ex)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw new GenieObservabilityException(
                "The ODBC driver manager is not installed (unixODBC on Linux and macOS: apt-get install unixodbc, brew install unixodbc).",
                "OdbcNotInstalled",
                GenieErrorCategory.NotInstalled,
                ex);
        }
    }

    private bool UseSessionSchema(DbConnection connection) =>
        _sessionSchema.Apply((sql, parameters) => CreateCommand(connection, sql, parameters));

    protected override DbCommand CreateCommand(DbConnection connection, string sql, IReadOnlyDictionary<string, object?>? parameters)
    {
        var (text, names) = NamedParameterSql.Rewrite(sql, ParameterMarkerStyle.Positional, Dialect);
        NamedParameterSql.RequireValues(names, parameters);
        var command = connection.CreateCommand();
        command.CommandText = text;
        foreach (var name in names)
        {
            command.Parameters.Add(Bind(name, Normalize(parameters![name])));
        }

        return command;
    }

    private static OdbcParameter Bind(string name, object? value) => value switch
    {
        null => new OdbcParameter(name, OdbcType.NVarChar) { Value = DBNull.Value },
        string s => new OdbcParameter(name, OdbcType.NVarChar, Math.Max(1, s.Length)) { Value = s },
        long l => new OdbcParameter(name, OdbcType.BigInt) { Value = l },
        int i => new OdbcParameter(name, OdbcType.Int) { Value = i },
        short s => new OdbcParameter(name, OdbcType.SmallInt) { Value = s },
        bool b => new OdbcParameter(name, OdbcType.Bit) { Value = b },
        DateTime dt => new OdbcParameter(name, OdbcType.DateTime) { Value = dt },
        DateOnly d => new OdbcParameter(name, OdbcType.Date) { Value = d.ToDateTime(TimeOnly.MinValue) },
        double d => new OdbcParameter(name, OdbcType.Double) { Value = d },
        float f => new OdbcParameter(name, OdbcType.Real) { Value = f },
        decimal m => new OdbcParameter(name, OdbcType.Decimal) { Value = m },
        _ => new OdbcParameter(name, OdbcType.NVarChar) { Value = Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) },
    };
}

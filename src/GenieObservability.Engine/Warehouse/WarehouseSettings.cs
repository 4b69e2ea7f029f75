using System.Data.Common;

namespace GenieObservability.Engine.Warehouse;

/// <summary>The kinds of warehouse the product writes to.</summary>
public enum WarehouseKind
{
    DuckDb,
    Odbc,
    StatementApi,
}

/// <summary>
/// What Connect-GenieWarehouse stored: enough to open the warehouse for each operation (the DuckDB file is opened per
/// operation so other processes can use it in between). <see cref="Display"/> never contains a secret.
/// </summary>
public sealed class WarehouseSettings : IContextWarehouse
{
    /// <summary>Environment variable that moves the default embedded warehouse (and other per-user data) elsewhere.</summary>
    public const string HomeVariable = "GENIE_OBSERVABILITY_HOME";

    private static readonly string[] SecretKeys = ["pwd", "password", "auth_accesstoken", "auth_client_secret", "token", "accesstoken", "secret", "client_secret"];

    private WarehouseSettings(WarehouseKind kind, string target, string catalog, string schema, SqlDialect dialect)
    {
        Kind = kind;
        Target = target;
        Catalog = TableNames.ValidateIdentifier(catalog, "catalog");
        Schema = TableNames.ValidateIdentifier(schema, "schema");
        Dialect = dialect;
    }

    public WarehouseKind Kind { get; }

    /// <summary>The DuckDB file path, the ODBC connection string (with secrets) or the SQL warehouse id.</summary>
    private string Target { get; }

    public string Catalog { get; }

    public string Schema { get; }

    public SqlDialect Dialect { get; }

    /// <summary>The target as shown to users: a path, a warehouse id, or a connection string with its secrets masked.</summary>
    public string Display => Kind == WarehouseKind.Odbc ? RedactConnectionString(Target) : Target;

    /// <summary>
    /// The default embedded file: <c>$GENIE_OBSERVABILITY_HOME/genie.duckdb</c> when the variable is set, else
    /// <c>&lt;LocalApplicationData&gt;/GenieObservability/genie.duckdb</c> (~/.local/share on Linux, %LOCALAPPDATA% on Windows).
    /// </summary>
    public static string DefaultDuckDbPath()
    {
        var home = Environment.GetEnvironmentVariable(HomeVariable);
        if (string.IsNullOrWhiteSpace(home))
        {
            home = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify), "GenieObservability");
        }

        return Path.GetFullPath(Path.Combine(home, "genie.duckdb"));
    }

    public static WarehouseSettings DuckDb(string? path = null, string schema = TableNames.DefaultSchema) =>
        new(WarehouseKind.DuckDb, Path.GetFullPath(string.IsNullOrWhiteSpace(path) ? DefaultDuckDbPath() : path), TableNames.DefaultCatalog, schema, SqlDialect.DuckDb);

    /// <summary>An ODBC warehouse; the dialect follows the driver (psqlODBC: PostgreSQL, anything else: Databricks) unless given.</summary>
    public static WarehouseSettings Odbc(string connectionString, string catalog = TableNames.DefaultCatalog, string schema = TableNames.DefaultSchema, SqlDialect? dialect = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var builder = Parse(connectionString);
        return new(WarehouseKind.Odbc, connectionString, catalog, schema, dialect ?? DialectOfDriver(builder));
    }

    public static WarehouseSettings StatementApi(string warehouseId, string catalog = TableNames.DefaultCatalog, string schema = TableNames.DefaultSchema)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(warehouseId);
        if (!warehouseId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            throw new GenieObservabilityException($"'{warehouseId}' is not a SQL warehouse id: use the id from the warehouse's connection details (letters and digits).", "InvalidWarehouseId", GenieErrorCategory.InvalidArgument);
        }

        return new(WarehouseKind.StatementApi, warehouseId, catalog, schema, SqlDialect.Databricks);
    }

    /// <summary>The same warehouse connection with its tables in another catalog and schema.</summary>
    public WarehouseSettings ForSchema(string catalog, string schema) => new(Kind, Target, catalog, schema, Dialect);

    /// <summary>Opens the warehouse; the Statement API needs the workspace session it runs through.</summary>
    public IWarehouse Open(WorkspaceSession? workspace = null, IOperationLog? log = null) => Kind switch
    {
        WarehouseKind.DuckDb => new DuckDbWarehouse(Target, Schema),
        WarehouseKind.Odbc => new OdbcWarehouse(Target, Dialect, Catalog, Schema),
        _ => new StatementApiWarehouse(
            workspace ?? throw new GenieObservabilityException("The SQL warehouse is reached through the connected workspace: run Connect-GenieWorkspace first.", "NotConnected", GenieErrorCategory.ConnectionError),
            Target,
            Catalog,
            Schema,
            log),
    };

    /// <summary>The connection string as written, with every secret-bearing value replaced by ***.</summary>
    public static string RedactConnectionString(string connectionString)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        var parts = new List<string>();
        var current = new System.Text.StringBuilder();
        var braces = false;
        foreach (var c in connectionString)
        {
            // ODBC rules: a value in braces may contain ';'.
            if (c == '{')
            {
                braces = true;
            }
            else if (c == '}')
            {
                braces = false;
            }

            if (c == ';' && !braces)
            {
                parts.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }

        parts.Add(current.ToString());
        return string.Join(';', parts.Select(part =>
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            return equals > 0 && SecretKeys.Contains(part[..equals].Trim().ToLowerInvariant()) ? part[..(equals + 1)] + "***" : part;
        }));
    }

    private static DbConnectionStringBuilder Parse(string connectionString)
    {
        try
        {
            return new DbConnectionStringBuilder(useOdbcRules: true) { ConnectionString = connectionString };
        }
        catch (ArgumentException ex)
        {
            throw new GenieObservabilityException("The ODBC connection string is malformed: use key=value pairs separated by semicolons, braces around values with ; or =.", "InvalidConnectionString", GenieErrorCategory.InvalidArgument, ex);
        }
    }

    private static SqlDialect DialectOfDriver(DbConnectionStringBuilder builder)
    {
        var driver = builder.TryGetValue("Driver", out var value) ? Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty : string.Empty;
        return driver.Contains("postgres", StringComparison.OrdinalIgnoreCase) || driver.Contains("psqlodbc", StringComparison.OrdinalIgnoreCase)
            ? SqlDialect.PostgreSql
            : SqlDialect.Databricks;
    }
}

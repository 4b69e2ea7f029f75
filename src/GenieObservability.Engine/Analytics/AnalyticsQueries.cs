using GenieObservability.Engine.Pipeline;
using GenieObservability.Engine.Warehouse;

namespace GenieObservability.Engine.Analytics;

/// <summary>
/// The dashboard queries, read from the files the module ships in its sql/ folder: genie_observability_queries.sql
/// (Databricks SQL) and embedded/genie_observability_queries.duckdb.sql (DuckDB, and PostgreSQL behind ODBC). The
/// cmdlets and the report run these blocks as written; there is no copy of them in code.
/// </summary>
public sealed class AnalyticsQueries
{
    public const string DatabricksFile = "genie_observability_queries.sql";
    public const string EmbeddedFile = "embedded/genie_observability_queries.duckdb.sql";

    private static readonly Lazy<AnalyticsQueries> Shipped = new(() => Load(FindSqlDirectory()));

    private readonly IReadOnlyDictionary<string, IReadOnlyList<string>> _databricks;
    private readonly IReadOnlyDictionary<string, IReadOnlyList<string>> _embedded;

    private AnalyticsQueries(string directory, IReadOnlyDictionary<string, IReadOnlyList<string>> databricks, IReadOnlyDictionary<string, IReadOnlyList<string>> embedded)
    {
        Directory = directory;
        _databricks = databricks;
        _embedded = embedded;
    }

    /// <summary>The queries of the sql/ folder beside the engine (the module's), found once per process.</summary>
    public static AnalyticsQueries Default => Shipped.Value;

    /// <summary>The sql/ folder the queries were read from.</summary>
    public string Directory { get; }

    public IReadOnlyCollection<string> Names => _embedded.Keys.ToList();

    /// <summary>Reads both files of <paramref name="sqlDirectory"/>; they must define the same blocks.</summary>
    public static AnalyticsQueries Load(string sqlDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sqlDirectory);
        var databricks = Read(Path.Combine(sqlDirectory, DatabricksFile));
        var embedded = Read(Path.Combine(sqlDirectory, EmbeddedFile));
        var missing = databricks.Keys.Except(embedded.Keys).Concat(embedded.Keys.Except(databricks.Keys)).ToList();
        if (missing.Count > 0)
        {
            throw new GenieObservabilityException(
                $"The query files in {sqlDirectory} do not define the same queries ({string.Join(", ", missing)}): reinstall the module.",
                "AnalyticsQueriesInvalid",
                GenieErrorCategory.InvalidData);
        }

        return new AnalyticsQueries(sqlDirectory, databricks, embedded);
    }

    /// <summary>The statement of query <paramref name="name"/> in <paramref name="dialect"/>, for the tables of <paramref name="tables"/>.</summary>
    public string Sql(string name, SqlDialect dialect, TableNames tables)
    {
        ArgumentNullException.ThrowIfNull(tables);
        var blocks = dialect == SqlDialect.Databricks ? _databricks : _embedded;
        if (!blocks.TryGetValue(name, out var statements) || statements.Count != 1)
        {
            throw new InvalidOperationException($"The analytics queries have no single-statement block '{name}'.");
        }

        return statements[0].Replace("{schema}", tables.SchemaName, StringComparison.Ordinal);
    }

    private static Dictionary<string, IReadOnlyList<string>> Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new GenieObservabilityException(
                $"The analytics queries file {path} is missing: the module's sql folder is incomplete; reinstall the module.",
                "AnalyticsQueriesMissing",
                GenieErrorCategory.NotInstalled);
        }

        return EmbeddedSql.Parse(File.ReadAllText(path));
    }

    /// <summary>sql/ beside the engine assembly (tests, bench) or one folder up (the module: the engine is in dependencies/).</summary>
    private static string FindSqlDirectory()
    {
        var engineDirectory = Path.GetDirectoryName(typeof(AnalyticsQueries).Assembly.Location) ?? AppContext.BaseDirectory;
        string[] candidates = [Path.Combine(engineDirectory, "sql"), Path.Combine(engineDirectory, "..", "sql")];
        return candidates.Select(Path.GetFullPath).FirstOrDefault(d => File.Exists(Path.Combine(d, DatabricksFile)))
            ?? throw new GenieObservabilityException(
                $"The analytics queries were not found in {string.Join(" or ", candidates.Select(Path.GetFullPath))}: the module's sql folder is missing; reinstall the module.",
                "AnalyticsQueriesMissing",
                GenieErrorCategory.NotInstalled);
    }
}

using GenieObservability.Engine.Schema;
using GenieObservability.Engine.Warehouse;

namespace GenieObservability.Engine.Tests.Warehouse;

/// <summary>The shipped scripts are exactly what Install-GenieObservabilitySchema runs (GENIE_REGENERATE_SQL=1 rewrites them).</summary>
public class SchemaScriptTests
{
    public static TheoryData<string, SqlDialect, bool> Scripts => new()
    {
        { "sql/genie_observability_schema.sql", SqlDialect.Databricks, true },
        { "sql/embedded/genie_observability_schema.duckdb.sql", SqlDialect.DuckDb, false },
    };

    [Theory]
    [MemberData(nameof(Scripts))]
    public void The_shipped_script_matches_the_installer(string relativePath, SqlDialect dialect, bool useCatalog)
    {
        var path = Path.Combine(TestPaths.RepositoryRoot, relativePath);
        var expected = Header(dialect) + ObservabilitySchema.Script(dialect, new TableNames(useCatalog: useCatalog));
        if (Environment.GetEnvironmentVariable("GENIE_REGENERATE_SQL") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, expected);
        }

        Assert.Equal(expected, File.ReadAllText(path).ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Databricks_tables_are_delta_clustered_on_their_key_with_comments()
    {
        var ddl = ObservabilitySchema.TableDdl(SqlDialect.Databricks, new TableNames(), ObservabilityTables.MessageDetails);
        Assert.StartsWith("CREATE TABLE IF NOT EXISTS main.genie_analytics.message_details (", ddl, StringComparison.Ordinal);
        Assert.Contains("USING DELTA\nCLUSTER BY (workspace_id, message_id)", ddl, StringComparison.Ordinal);
        Assert.Contains("user_id BIGINT COMMENT", ddl, StringComparison.Ordinal);
        Assert.Contains("attachment_count INT COMMENT", ddl, StringComparison.Ordinal);
        Assert.Equal(25, ObservabilityTables.MessageDetails.Columns.Count);
    }

    private static string Header(SqlDialect dialect) => dialect == SqlDialect.Databricks
        ? "-- GenieObservability persisted tables for Databricks (Unity Catalog). The same DDL Install-GenieObservabilitySchema runs.\n-- Change the catalog and schema (main.genie_analytics) to yours before running it by hand.\n\n"
        : "-- GenieObservability persisted tables for the embedded DuckDB file (no catalog level). The same DDL Install-GenieObservabilitySchema runs.\n\n";
}

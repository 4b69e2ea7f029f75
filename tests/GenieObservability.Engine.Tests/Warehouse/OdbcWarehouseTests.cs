using GenieObservability.Engine.Warehouse;

namespace GenieObservability.Engine.Tests.Warehouse;

/// <summary>
/// The conformance suite through unixODBC and psqlODBC against a real PostgreSQL: the whole suite, MERGE included
/// (PostgreSQL 15 runs MERGE; the SQLite ODBC driver does not, so it serves only the module-isolation test).
/// </summary>
public sealed class OdbcWarehouseConformanceTests(PostgresServer server) : WarehouseConformanceTests, IClassFixture<PostgresServer>
{
    protected override IWarehouse OpenWarehouse(string schema) => new OdbcWarehouse(server.ConnectionString, SqlDialect.PostgreSql, schema: schema);

    protected override string WideRowsQuery(int count) => $"SELECT r.id, repeat('x', 1000) AS pad FROM generate_series(1, {count}) AS r(id)";
}

public sealed class OdbcWarehouseTests(PostgresServer server) : IClassFixture<PostgresServer>
{
    [Fact]
    public async Task The_dialect_follows_the_driver_and_postgres_has_no_catalog_level()
    {
        var settings = WarehouseSettings.Odbc(server.ConnectionString);
        Assert.Equal(SqlDialect.PostgreSql, settings.Dialect);
        await using var warehouse = settings.Open();
        Assert.Equal("genie_analytics.message_details", warehouse.Tables.MessageDetails);
        Assert.Equal(SqlDialect.Databricks, WarehouseSettings.Odbc("Driver=Simba Spark ODBC Driver;Host=adb-1.azuredatabricks.net").Dialect);
    }

    [Fact]
    public void Secrets_are_masked_in_what_is_shown()
    {
        var settings = WarehouseSettings.Odbc("Driver={Simba Spark ODBC Driver};Host=adb-1.azuredatabricks.net;Port=443;HTTPPath=/sql/1.0/warehouses/abc;SSL=1;ThriftTransport=2;AuthMech=11;Auth_Flow=0;Auth_AccessToken=eyJhbGciOi.secret.token;PWD=dapi123");
        Assert.DoesNotContain("eyJhbGciOi", settings.Display, StringComparison.Ordinal);
        Assert.DoesNotContain("dapi123", settings.Display, StringComparison.Ordinal);
        Assert.Contains("HTTPPath=/sql/1.0/warehouses/abc", settings.Display, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_connection_failure_names_the_target_without_its_password()
    {
        await using var warehouse = new OdbcWarehouse($"Driver={OdbcTestEnvironment.PostgreSqlDriver};Server=127.0.0.1;Port=1;Database=postgres;Uid=postgres;Pwd=s3cret-value;", SqlDialect.PostgreSql);
        var error = await Assert.ThrowsAsync<GenieObservabilityException>(() => warehouse.ExecuteAsync("SELECT 1"));
        Assert.Equal("WarehouseConnectFailed", error.ErrorId);
        Assert.DoesNotContain("s3cret-value", error.Message, StringComparison.Ordinal);
        Assert.Contains("Port=1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task This_process_writes_no_driver_log_files()
    {
        // Both kinds of connection the warehouse opens (the shared one on its schema, a streaming one), closed again.
        await using (var warehouse = new OdbcWarehouse(server.ConnectionString, SqlDialect.PostgreSql, schema: "logs_" + Guid.NewGuid().ToString("N")[..8]))
        {
            await warehouse.ExecuteAsync("SELECT 1");
            await foreach (var _ in warehouse.QueryAsync("SELECT 1 AS one"))
            {
            }
        }

        // psqlODBC applies these to the whole process whenever no connection is open. Checked directly: after a failed
        // connect the driver keeps that process-wide logging off for good (it never undoes the connection's count),
        // so whether a file shows it depends on the order the tests ran in.
        Assert.Equal(("0", "0"), (OdbcTestEnvironment.PostgreSqlDriverSetting("CommLog"), OdbcTestEnvironment.PostgreSqlDriverSetting("Debug")));

        // Every ODBC test of this process counts, not only this one: logging turned on for a connection always shows.
        Assert.Empty(OdbcTestEnvironment.DriverLogsWritten());
    }

    [Fact]
    public async Task A_driver_that_takes_no_USE_CATALOG_keeps_its_own_defaults()
    {
        // The SQLite driver falls under the Databricks dialect (any driver but psqlODBC does) and rejects USE CATALOG.
        var file = Path.Combine(Path.GetTempPath(), $"genie-sqlite-{Guid.NewGuid():N}.sqlite");
        try
        {
            await using var warehouse = new OdbcWarehouse($"Driver=SQLite3;Database={file};", SqlDialect.Databricks);
            await warehouse.ExecuteAsync("CREATE TABLE t (id INTEGER)");
            await warehouse.ExecuteAsync("INSERT INTO t (id) VALUES (:id)", new Dictionary<string, object?> { ["id"] = 7 });
            var ids = new List<object?>();
            await foreach (var row in warehouse.QueryAsync("SELECT id FROM t"))
            {
                ids.Add(row["id"]);
            }

            Assert.Equal(7L, Convert.ToInt64(Assert.Single(ids), System.Globalization.CultureInfo.InvariantCulture));
        }
        finally
        {
            File.Delete(file);
        }
    }
}

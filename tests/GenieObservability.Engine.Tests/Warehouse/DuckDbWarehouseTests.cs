using GenieObservability.Engine.Warehouse;

namespace GenieObservability.Engine.Tests.Warehouse;

public sealed class DuckDbWarehouseConformanceTests : WarehouseConformanceTests, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("genie-duck-").FullName;

    protected override IWarehouse OpenWarehouse(string schema) => new DuckDbWarehouse(Path.Combine(_directory, "conformance.duckdb"), schema);

    protected override string WideRowsQuery(int count) => $"SELECT r.id, repeat('x', 1000) AS pad FROM range({count}) AS r(id)";

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}

public sealed class DuckDbWarehouseTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("genie-duck-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task The_file_is_created_with_its_folder_on_first_use()
    {
        var path = Path.Combine(_directory, "nested", "deeper", "genie.duckdb");
        await using (var warehouse = new DuckDbWarehouse(path))
        {
            Assert.False(File.Exists(path));
            await warehouse.ExecuteAsync("CREATE TABLE t (x INTEGER)");
        }

        Assert.True(File.Exists(path));
    }

    [Fact]
    public void An_invalid_schema_name_is_rejected_before_the_file_is_touched()
    {
        var path = Path.Combine(_directory, "never.duckdb");
        var error = Assert.Throws<GenieObservabilityException>(() => new DuckDbWarehouse(path, "genie; DROP SCHEMA main"));
        Assert.Equal("InvalidIdentifier", error.ErrorId);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public async Task Tables_have_no_catalog_level()
    {
        await using var warehouse = new DuckDbWarehouse(Path.Combine(_directory, "g.duckdb"));
        Assert.Equal("genie_analytics.message_details", warehouse.Tables.MessageDetails);
        Assert.Equal(SqlDialect.DuckDb, warehouse.Dialect);
    }

    [Fact]
    public async Task A_reader_can_write_what_it_reads_while_streaming()
    {
        await using var warehouse = new DuckDbWarehouse(Path.Combine(_directory, "rw.duckdb"));
        await warehouse.ExecuteAsync("CREATE TABLE src AS SELECT r.id FROM range(3000) AS r(id)");
        await warehouse.ExecuteAsync("CREATE TABLE dst (id BIGINT PRIMARY KEY, n INTEGER)");
        await foreach (var row in warehouse.QueryAsync("SELECT id FROM src"))
        {
            if ((long)row[0]! % 1000 == 0)
            {
                await warehouse.UpsertAsync("dst", ["id"], ["id", "n"], [[row[0], 1]]);
            }
        }

        var count = 0L;
        await foreach (var row in warehouse.QueryAsync("SELECT COUNT(*) FROM dst"))
        {
            count = (long)row[0]!;
        }

        Assert.Equal(3, count);
    }

    [Fact]
    public async Task Repeated_upserts_do_not_accumulate_staged_rows_in_memory()
    {
        // 40 upserts of the same 500 rows x 2 KB: the table stays 1 MB, and so must DuckDB's in-memory tables.
        // A staging table that is emptied with DELETE instead of dropped keeps all 20,000 staged rows (about 40 MB).
        await using var warehouse = new DuckDbWarehouse(Path.Combine(_directory, "staging.duckdb"));
        await warehouse.ExecuteAsync("CREATE TABLE wide (id BIGINT PRIMARY KEY, payload VARCHAR)");
        var rows = Enumerable.Range(0, 500).Select(i => new object?[] { (long)i, new string((char)('a' + (i % 26)), 2048) + i }).ToList();
        await warehouse.UpsertAsync("wide", ["id"], ["id", "payload"], rows, 500);
        var before = await InMemoryTableBytesAsync(warehouse);
        for (var round = 0; round < 40; round++)
        {
            await warehouse.UpsertAsync("wide", ["id"], ["id", "payload"], rows, 500);
        }

        var growth = await InMemoryTableBytesAsync(warehouse) - before;
        Assert.True(growth < 8L * 1024 * 1024, $"DuckDB in-memory tables grew by {growth / 1048576.0:F1} MB over 40 upserts of the same 500 rows.");
    }

    private static async Task<long> InMemoryTableBytesAsync(DuckDbWarehouse warehouse)
    {
        await foreach (var row in warehouse.QueryAsync("SELECT CAST(COALESCE(SUM(memory_usage_bytes), 0) AS BIGINT) FROM duckdb_memory() WHERE tag = 'IN_MEMORY_TABLE'"))
        {
            return Convert.ToInt64(row[0], System.Globalization.CultureInfo.InvariantCulture);
        }

        return 0;
    }

    [Fact]
    public async Task A_staged_batch_is_one_statement_and_a_fallback_batch_is_sent_in_parameterised_chunks()
    {
        await using var warehouse = new DuckDbWarehouse(Path.Combine(_directory, "chunks.duckdb"));
        await warehouse.ExecuteAsync("CREATE TABLE t (id BIGINT PRIMARY KEY, n INTEGER)");
        var staged = Enumerable.Range(0, 1000).Select(i => new object?[] { (long)i, i }).ToList();
        var before = warehouse.RoundTrips;
        Assert.Equal(1, await warehouse.UpsertAsync("t", ["id"], ["id", "n"], staged, warehouse.RowsPerUpsertStatement));
        Assert.Equal(2, warehouse.RoundTrips - before); // the column-type lookup and the MERGE

        // Text for an INTEGER column cannot go through the Appender: the batch falls back to parameterised MERGEs
        // (which CAST each value) of at most 100 rows.
        var fallback = Enumerable.Range(1000, 250).Select(i => new object?[] { (long)i, "7" }).ToList();
        before = warehouse.RoundTrips;
        await warehouse.UpsertAsync("t", ["id"], ["id", "n"], fallback, warehouse.RowsPerUpsertStatement);
        Assert.Equal(3, warehouse.RoundTrips - before);

        await foreach (var row in warehouse.QueryAsync("SELECT COUNT(*) FROM t"))
        {
            Assert.Equal(1250L, Convert.ToInt64(row[0], System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public async Task Freed_pages_can_be_returned_where_DuckDB_brings_its_own_allocator()
    {
        await using var warehouse = new DuckDbWarehouse(Path.Combine(_directory, "allocator.duckdb"));
        await warehouse.ExecuteAsync("CREATE TABLE t AS SELECT r.id FROM range(1000) AS r(id)");
        DuckDbAllocator.ReleaseFreedPages();

        // DuckDB's Linux builds bundle jemalloc; a DuckDB upgrade that drops it would silently stop the purge.
        Assert.Equal(OperatingSystem.IsLinux(), DuckDbAllocator.IsAvailable);
    }

    [Fact]
    public async Task Two_warehouses_on_one_file_share_one_database()
    {
        // File locks do not exclude their own process: two DuckDB instances on one file could both write it.
        var path = Path.Combine(_directory, "shared.duckdb");
        await using var first = new DuckDbWarehouse(path);
        await first.ExecuteAsync("CREATE TABLE t (i INTEGER)");
        await using (var second = new DuckDbWarehouse(path))
        {
            await second.ExecuteAsync("INSERT INTO t VALUES (1)");
        }

        await first.ExecuteAsync("INSERT INTO t VALUES (2)");
        await foreach (var row in first.QueryAsync("SELECT COUNT(*) FROM t"))
        {
            Assert.Equal(2L, Convert.ToInt64(row[0], System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public async Task Tables_are_stored_in_row_groups_of_16384_rows()
    {
        // A checkpoint rewrites the row group being appended to; smaller groups bound its memory during long ingestions.
        await using var warehouse = new DuckDbWarehouse(Path.Combine(_directory, "groups.duckdb"));
        await warehouse.ExecuteAsync("CREATE TABLE t AS SELECT r.id, 'row ' || r.id AS s FROM range(40000) AS r(id)");
        await warehouse.ExecuteAsync("CHECKPOINT");
        await foreach (var row in warehouse.QueryAsync("SELECT COUNT(DISTINCT row_group_id) FROM pragma_storage_info('t')"))
        {
            Assert.Equal(3L, Convert.ToInt64(row[0], System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}

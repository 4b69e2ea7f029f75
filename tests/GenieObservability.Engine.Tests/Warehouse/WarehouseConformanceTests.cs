using GenieObservability.Engine.Schema;
using GenieObservability.Engine.Warehouse;

namespace GenieObservability.Engine.Tests.Warehouse;

/// <summary>
/// One suite every backend passes: the embedded DuckDB file, ODBC through unixODBC + psqlODBC against a real
/// PostgreSQL, and the Statement Execution API against the emulator (DuckDB behind HTTP). The same statements run on all.
/// Runs outside xUnit's parallel collections: the streaming test measures the process's managed heap.
/// </summary>
[Collection(WarehouseConformanceRunsAlone.Name)]
public abstract class WarehouseConformanceTests : IAsyncLifetime
{
    private IWarehouse? _warehouse;

    protected IWarehouse Warehouse => _warehouse ?? throw new InvalidOperationException("Not initialised.");

    protected WarehouseBase Counting => (WarehouseBase)Warehouse;

    /// <summary>Starts what the backend needs (a server, an emulator); <see cref="DisposeBackendAsync"/> stops it.</summary>
    protected virtual Task StartBackendAsync() => Task.CompletedTask;

    /// <summary>A warehouse on the started backend whose tables live in <paramref name="schema"/>.</summary>
    protected abstract IWarehouse OpenWarehouse(string schema);

    /// <summary>A query returning <paramref name="count"/> rows with an id column and a 1 KB text column.</summary>
    protected abstract string WideRowsQuery(int count);

    public async Task InitializeAsync()
    {
        await StartBackendAsync();
        _warehouse = OpenWarehouse(TableNames.DefaultSchema);
        await Warehouse.ExecuteAsync(ObservabilitySchema.SchemaDdl(Warehouse.Dialect, Warehouse.Tables));
    }

    public async Task DisposeAsync()
    {
        if (_warehouse is not null)
        {
            await _warehouse.DisposeAsync();
        }

        await DisposeBackendAsync();
    }

    /// <summary>Stops what <see cref="StartBackendAsync"/> started.</summary>
    protected virtual Task DisposeBackendAsync() => Task.CompletedTask;

    private string TypeName(ColumnType type, string duck, string pg, string dbx) => Warehouse.Dialect switch
    {
        SqlDialect.DuckDb => duck,
        SqlDialect.PostgreSql => pg,
        _ => dbx,
    };

    private async Task<string> CreateTypesTableAsync()
    {
        var table = Warehouse.Tables.Qualify("conformance_" + Guid.NewGuid().ToString("N")[..10]);
        var text = TypeName(ColumnType.Text, "VARCHAR", "TEXT", "STRING");
        await Warehouse.ExecuteAsync(
            $"CREATE TABLE {table} (id {text} NOT NULL, s {text}, big BIGINT, small {TypeName(ColumnType.WholeNumber, "INTEGER", "INTEGER", "INT")}, flag BOOLEAN, ts TIMESTAMP, day DATE)");
        return table;
    }

    private static readonly string[] TypeColumns = ["id", "s", "big", "small", "flag", "ts", "day"];

    private Task<List<SqlRow>> ReadAllAsync(string sql, IReadOnlyDictionary<string, object?>? parameters = null) => ReadAllAsync(Warehouse, sql, parameters);

    private static async Task<List<SqlRow>> ReadAllAsync(IWarehouse warehouse, string sql, IReadOnlyDictionary<string, object?>? parameters = null)
    {
        var rows = new List<SqlRow>();
        await foreach (var row in warehouse.QueryAsync(sql, parameters))
        {
            rows.Add(row);
        }

        return rows;
    }

    [Fact]
    public async Task Types_round_trip_including_nulls()
    {
        var table = await CreateTypesTableAsync();
        var ts = new DateTime(2026, 3, 14, 15, 9, 26, 535, DateTimeKind.Utc);
        await Warehouse.UpsertAsync(table, ["id"], TypeColumns, [
            ["a", "text", 9_007_199_254_740_993L, -42, true, ts, new DateOnly(2026, 2, 28)],
            ["b", null, null, null, null, null, null],
            ["c", string.Empty, long.MinValue, int.MaxValue, false, new DateTimeOffset(2026, 1, 1, 1, 0, 0, TimeSpan.FromHours(1)), new DateOnly(1999, 12, 31)],
        ]);

        var rows = await ReadAllAsync($"SELECT id, s, big, small, flag, ts, day FROM {table} ORDER BY id");
        Assert.Equal(3, rows.Count);
        var a = rows[0];
        Assert.Equal("text", a["s"]);
        Assert.Equal(9_007_199_254_740_993L, Assert.IsType<long>(a["big"]));
        Assert.Equal(-42, Convert.ToInt32(a["small"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(Assert.IsType<bool>(a["flag"]));
        Assert.Equal(ts, AsDateTime(a["ts"]));
        Assert.Equal(new DateOnly(2026, 2, 28), AsDate(a["day"]));

        Assert.All(rows[1].Values.Skip(1), Assert.Null);

        var c = rows[2];
        Assert.Equal(string.Empty, c["s"]);
        Assert.Equal(long.MinValue, c["big"]);
        Assert.Equal(int.MaxValue, Convert.ToInt32(c["small"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.False((bool)c["flag"]!);
        Assert.Equal(new DateTime(2026, 1, 1, 0, 0, 0), AsDateTime(c["ts"]));
        Assert.Equal(new DateOnly(1999, 12, 31), AsDate(c["day"]));
    }

    [Fact]
    public async Task Unicode_and_injection_attempts_are_stored_verbatim()
    {
        var table = await CreateTypesTableAsync();
        string[] hostile =
        [
            "Grüße, 東京, emoji 😀, ℕ",
            "'); DROP TABLE x; --",
            "' OR '1'='1",
            "Robert'); DELETE FROM students WHERE ('a' = 'a",
            ":id and $1 and ? and @p",
            "back\\slash and \"double\" and `tick` /* not a comment */ -- nor this",
        ];
        await Warehouse.UpsertAsync(table, ["id"], ["id", "s"], hostile.Select((h, i) => new object?[] { h, $"value {i}: {h}" }));

        foreach (var (h, i) in hostile.Select((h, i) => (h, i)))
        {
            var rows = await ReadAllAsync($"SELECT id, s FROM {table} WHERE id = :id", new Dictionary<string, object?> { ["id"] = h });
            var row = Assert.Single(rows);
            Assert.Equal(h, row["id"]);
            Assert.Equal($"value {i}: {h}", row["s"]);
        }

        Assert.Equal(hostile.Length, await CountAsync(table));
    }

    [Fact]
    public async Task Markers_inside_literals_and_comments_are_not_parameters()
    {
        var rows = await ReadAllAsync("SELECT ':skip' AS a, :take AS b -- :ignored\n", new Dictionary<string, object?> { ["take"] = "taken" });
        var row = Assert.Single(rows);
        Assert.Equal(":skip", row["a"]);
        Assert.Equal("taken", row["b"]);
    }

    [Fact]
    public async Task A_missing_parameter_fails_before_anything_is_sent()
    {
        var before = Counting.RoundTrips;
        var error = await Assert.ThrowsAsync<GenieObservabilityException>(async () => await ReadAllAsync("SELECT :nope AS x"));
        Assert.Equal("MissingSqlParameter", error.ErrorId);
        Assert.Equal(before + 1, Counting.RoundTrips);
    }

    [Fact]
    public async Task Unqualified_names_resolve_to_the_connected_schema_for_reads_writes_upserts_and_ddl()
    {
        var table = await CreateTypesTableAsync();
        var name = table.Split('.')[^1];
        await Warehouse.UpsertAsync(table, ["id"], ["id", "s"], [["a", "qualified"]]);

        Assert.Equal("qualified", Assert.Single(await ReadAllAsync($"SELECT s FROM {name} WHERE id = :id", new Dictionary<string, object?> { ["id"] = "a" }))["s"]);
        await Warehouse.ExecuteAsync($"INSERT INTO {name} (id, s) VALUES (:id, :s)", new Dictionary<string, object?> { ["id"] = "b", ["s"] = "inserted" });
        await Warehouse.UpsertAsync(name, ["id"], ["id", "s"], [["c", "upserted"]]);
        Assert.Equal(3, await CountAsync(table));

        var created = "conformance_" + Guid.NewGuid().ToString("N")[..10];
        await Warehouse.ExecuteAsync($"CREATE TABLE {created} (id {TypeName(ColumnType.Text, "VARCHAR", "TEXT", "STRING")})");
        Assert.Contains(created, await ObservabilitySchema.ExistingTablesAsync(Warehouse, CancellationToken.None) ?? []);
    }

    [Fact]
    public async Task Unqualified_names_resolve_to_each_warehouse_s_own_schema_once_it_exists()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var first = OpenWarehouse("conformance_a_" + suffix);
        var second = OpenWarehouse("conformance_b_" + suffix);
        await using (first)
        await using (second)
        {
            foreach (var (warehouse, label) in new[] { (first, "first"), (second, "second") })
            {
                // Its first statement creates the schema; the statements after it resolve there.
                await warehouse.ExecuteAsync(ObservabilitySchema.SchemaDdl(warehouse.Dialect, warehouse.Tables));
                await warehouse.ExecuteAsync($"CREATE TABLE {warehouse.Tables.Qualify("labels")} (label {TypeName(ColumnType.Text, "VARCHAR", "TEXT", "STRING")})");
                await warehouse.ExecuteAsync("INSERT INTO labels (label) VALUES (:label)", new Dictionary<string, object?> { ["label"] = label });
            }

            Assert.Equal("first", Assert.Single(await ReadAllAsync(first, "SELECT label FROM labels"))["label"]);
            Assert.Equal("second", Assert.Single(await ReadAllAsync(second, "SELECT label FROM labels"))["label"]);
            Assert.Equal("second", Assert.Single(await ReadAllAsync(first, $"SELECT label FROM {second.Tables.Qualify("labels")}"))["label"]);
        }
    }

    [Fact]
    public async Task Bad_sql_surfaces_as_an_error_naming_the_problem()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => Warehouse.ExecuteAsync("SELEC nonsense FROM nowhere"));
        Assert.IsType<GenieObservabilityException>(error);
        Assert.Equal("WarehouseStatementFailed", ((GenieObservabilityException)error).ErrorId);
    }

    [Fact]
    public async Task Ten_thousand_rows_upsert_in_batches_then_update_in_place()
    {
        var table = await CreateTypesTableAsync();
        var start = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        IEnumerable<object?[]> Rows(string label) => Enumerable.Range(0, 10_000).Select(i => new object?[] { $"k{i:D5}", label, (long)i, i % 1000, i % 2 == 0, start.AddSeconds(i), DateOnly.FromDateTime(start.AddDays(i % 365)) });

        var before = Counting.RoundTrips;
        var statements = await Warehouse.UpsertAsync(table, ["id"], TypeColumns, Rows("first"), batchSize: 500);
        var roundTrips = Counting.RoundTrips - before;
        Assert.Equal(20, statements);
        Assert.True(roundTrips <= (10_000 / 500) + 2, $"{roundTrips} round trips for 10,000 rows in batches of 500");
        Assert.Equal(10_000, await CountAsync(table));

        await Warehouse.UpsertAsync(table, ["id"], ["id", "s"], Enumerable.Range(0, 10_000).Where(i => i % 10 == 0).Select(i => new object?[] { $"k{i:D5}", "second" }), batchSize: 500);
        Assert.Equal(10_000, await CountAsync(table));
        var second = await ReadAllAsync($"SELECT COUNT(*) AS n FROM {table} WHERE s = :s", new Dictionary<string, object?> { ["s"] = "second" });
        Assert.Equal(1000L, Convert.ToInt64(second[0][0], System.Globalization.CultureInfo.InvariantCulture));
        var untouched = Assert.Single(await ReadAllAsync($"SELECT big, flag FROM {table} WHERE id = :id", new Dictionary<string, object?> { ["id"] = "k00010" }));
        Assert.Equal(10L, untouched["big"]);
    }

    [Fact]
    public async Task Duplicate_keys_within_a_batch_keep_the_last_row()
    {
        var table = await CreateTypesTableAsync();
        await Warehouse.UpsertAsync(table, ["id"], ["id", "s"], [["x", "first"], ["y", "only"], ["x", "last"]]);
        var rows = await ReadAllAsync($"SELECT id, s FROM {table} ORDER BY id");
        Assert.Equal(["last", "only"], rows.Select(r => (string)r["s"]!));
    }

    [Fact]
    public async Task Invalid_identifiers_are_rejected_before_any_sql_is_sent()
    {
        var before = Counting.RoundTrips;
        await Assert.ThrowsAsync<GenieObservabilityException>(() => Warehouse.UpsertAsync(Warehouse.Tables.SchemaName + ".t; DROP TABLE x", ["id"], ["id"], [["a"]]));
        await Assert.ThrowsAsync<GenieObservabilityException>(() => Warehouse.UpsertAsync(Warehouse.Tables.Qualify("t"), ["id"], ["id", "s) --"], [["a", "b"]]));
        Assert.Throws<GenieObservabilityException>(() => Warehouse.Tables.Qualify("x;y"));
        Assert.Equal(before, Counting.RoundTrips);
    }

    [Fact]
    public async Task Installing_adds_a_later_column_to_a_table_of_an_earlier_version_and_keeps_its_rows()
    {
        // Some backends share one schema across this class's tests: start from no table, and leave none.
        var details = ObservabilityTables.SpaceDetails;
        var earlier = details with { Columns = details.Columns.Where(c => !c.AddedLater).ToList() };
        await Warehouse.ExecuteAsync($"DROP TABLE IF EXISTS {Warehouse.Tables.SpaceDetails}");
        await Warehouse.ExecuteAsync(ObservabilitySchema.TableDdl(Warehouse.Dialect, Warehouse.Tables, earlier));
        await Warehouse.UpsertAsync(Warehouse.Tables.SpaceDetails, details.Key, ["workspace_id", "space_id", "title"], [["w", "s", "kept"]]);

        var installed = await ObservabilitySchema.InstallAsync(Warehouse, _ => true, CancellationToken.None);
        var again = await ObservabilitySchema.InstallAsync(Warehouse, _ => throw new InvalidOperationException("nothing should be created"), CancellationToken.None);

        var added = Assert.Single(installed, r => r.ObjectType == "Column");
        Assert.Equal((Warehouse.Tables.SpaceDetails + ".deleted_at", SchemaObjectStatus.Created), (added.Name, added.Status));
        Assert.DoesNotContain(again, r => r.ObjectType == "Column");
        var rows = new List<SqlRow>();
        await foreach (var row in Warehouse.QueryAsync($"SELECT title, deleted_at FROM {Warehouse.Tables.SpaceDetails}"))
        {
            rows.Add(row);
        }

        var only = Assert.Single(rows);
        Assert.Equal(("kept", (object?)null), (only["title"], only["deleted_at"]));
        await Warehouse.ExecuteAsync($"DROP TABLE {Warehouse.Tables.SpaceDetails}");
    }

    [Fact]
    public async Task Installing_the_schema_twice_is_a_no_op_the_second_time()
    {
        var first = await ObservabilitySchema.InstallAsync(Warehouse, _ => true, CancellationToken.None);
        Assert.Equal(ObservabilityTables.All.Select(t => t.Name), first.Where(r => r.ObjectType == "Table").Select(r => r.Name.Split('.')[^1]));
        Assert.Contains("message_query_metrics", first.Select(r => r.Name.Split('.')[^1]));
        Assert.Contains("message_comments", first.Select(r => r.Name.Split('.')[^1]));
        Assert.Contains("genie_space_eval_results", first.Select(r => r.Name.Split('.')[^1]));
        Assert.All(first.Where(r => r.ObjectType == "Table"), r => Assert.True(r.Created));

        var before = Counting.RoundTrips;
        var second = await ObservabilitySchema.InstallAsync(Warehouse, _ => throw new InvalidOperationException("nothing should be created"), CancellationToken.None);
        Assert.All(second, r => Assert.False(r.Created));
        // Two catalog lookups (the schema, then the columns of its tables); the failure upgrade's column is among them.
        Assert.Equal(2, Counting.RoundTrips - before);
        Assert.DoesNotContain(first, r => r.ObjectType == "Upgrade"); // a new table has nothing to upgrade
        Assert.Equal(SchemaObjectStatus.Exists, second.Single(r => r.ObjectType == "Upgrade").Status);

        // The installed tables take the upsert every stage uses.
        var columns = ObservabilityTables.IngestionRuns.ColumnNames;
        var row = columns.Select(c => (object?)null).ToArray();
        row[0] = "run-1";
        row[columns.ToList().IndexOf("status")] = "SUCCEEDED";
        row[columns.ToList().IndexOf("bronze_rows")] = 5L;
        row[columns.ToList().IndexOf("window_end")] = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);
        await Warehouse.UpsertAsync(Warehouse.Tables.IngestionRuns, ObservabilityTables.IngestionRuns.Key, columns, [row]);
        var stored = Assert.Single(await ReadAllAsync($"SELECT status, bronze_rows, window_end FROM {Warehouse.Tables.IngestionRuns} WHERE run_id = 'run-1'"));
        Assert.Equal("SUCCEEDED", stored["status"]);
        Assert.Equal(5L, stored["bronze_rows"]);
        Assert.Equal(new DateTime(2026, 1, 2, 3, 4, 5), AsDateTime(stored["window_end"]));
    }

    [Fact]
    public async Task The_upgrade_of_rows_written_by_the_old_failure_rule_runs_once()
    {
        // message_fetch_errors as the earlier version created it (no failure_scope), with a reset it recorded as the
        // message's SERVER_ERROR and gave up, and a message's own 500.
        var errors = ObservabilityTables.MessageFetchErrors;
        var old = errors with { Columns = errors.Columns.Where(c => c.Name != ObservabilityTables.FailureScopeColumn).ToList() };
        await Warehouse.ExecuteAsync($"DROP TABLE IF EXISTS {Warehouse.Tables.MessageFetchErrors}");
        await Warehouse.ExecuteAsync(ObservabilitySchema.TableDdl(Warehouse.Dialect, Warehouse.Tables, old));
        string[] columns = ["workspace_id", "message_id", "error_type", "http_status", "retry_count", "resolved"];
        await Warehouse.UpsertAsync(Warehouse.Tables.MessageFetchErrors, ["workspace_id", "message_id"], columns,
            [["w", "reset", GenieApiErrorType.ServerError, null, 5, false], ["w", "own-500", GenieApiErrorType.ServerError, 500, 5, false]]);

        var all = await ObservabilitySchema.InstallAsync(Warehouse, _ => true, CancellationToken.None);
        var applied = all.Single(r => r.ObjectType == "Upgrade");
        var again = (await ObservabilitySchema.InstallAsync(Warehouse, _ => true, CancellationToken.None)).Single(r => r.ObjectType == "Upgrade");

        Assert.Equal(SchemaObjectStatus.Applied, applied.Status);
        Assert.Equal(SchemaObjectStatus.Exists, again.Status);
        var rows = (await ReadAllAsync($"SELECT message_id, error_type, retry_count, failure_scope FROM {Warehouse.Tables.MessageFetchErrors} ORDER BY message_id")).ToDictionary(r => (string)r["message_id"]!);
        Assert.Equal(GenieApiErrorType.WorkspaceUnreachable, rows["reset"]["error_type"]);
        Assert.Equal(0L, Convert.ToInt64(rows["reset"]["retry_count"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("WORKSPACE", rows["reset"]["failure_scope"]);
        Assert.Equal(GenieApiErrorType.ServerError, rows["own-500"]["error_type"]);
        Assert.Equal(5L, Convert.ToInt64(rows["own-500"]["retry_count"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("MESSAGE", rows["own-500"]["failure_scope"]);
    }

    [Fact]
    public async Task A_hundred_thousand_row_read_streams_with_flat_memory()
    {
        const int Count = 100_000;
        long rows = 0;
        var samples = new List<long>();
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        await foreach (var row in Warehouse.QueryAsync(WideRowsQuery(Count)))
        {
            rows++;
            Assert.Equal(1000, ((string)row[1]!).Length);
            if (rows % 10_000 == 0)
            {
                samples.Add(GC.GetTotalMemory(forceFullCollection: true) - baseline);
            }
        }

        Assert.Equal(Count, rows);

        // Materialised, every 10,000 rows would add 20 MB (1 KB strings as UTF-16): 160 MB between the 20,000th row
        // and the last. Streamed, memory stays at what one fetch block or result chunk needs.
        var growth = samples.Skip(2).Max() - samples[1];
        Assert.True(growth < 30L * 1024 * 1024, $"managed memory grew by {growth / (1024 * 1024)} MB between row 20,000 and row 100,000 (samples in MB: {string.Join(", ", samples.Select(s => s / (1024 * 1024)))})");
        Assert.True(samples.Max() < 150L * 1024 * 1024, $"managed memory peaked {samples.Max() / (1024 * 1024)} MB above the start");
    }

    [Fact]
    public async Task Cancelling_a_read_stops_it()
    {
        using var cts = new CancellationTokenSource();
        var read = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var row in Warehouse.QueryAsync(WideRowsQuery(50_000), cancellationToken: cts.Token))
            {
                if (++read == 10)
                {
                    await cts.CancelAsync();
                }
            }
        });
        Assert.Equal(10, read);
    }

    private async Task<long> CountAsync(string table)
    {
        var rows = await ReadAllAsync($"SELECT COUNT(*) AS n FROM {table}");
        return Convert.ToInt64(rows[0][0], System.Globalization.CultureInfo.InvariantCulture);
    }

    private static DateTime AsDateTime(object? value) => value switch
    {
        DateTime dt => DateTime.SpecifyKind(dt, DateTimeKind.Unspecified),
        _ => throw new Xunit.Sdk.XunitException($"Expected a DateTime, got {value?.GetType().Name ?? "null"}: {value}"),
    };

    private static DateOnly AsDate(object? value) => value switch
    {
        DateOnly d => d,
        DateTime dt => DateOnly.FromDateTime(dt),
        _ => throw new Xunit.Sdk.XunitException($"Expected a date, got {value?.GetType().Name ?? "null"}: {value}"),
    };
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class WarehouseConformanceRunsAlone
{
    public const string Name = "Warehouse conformance (alone: it measures memory)";
}

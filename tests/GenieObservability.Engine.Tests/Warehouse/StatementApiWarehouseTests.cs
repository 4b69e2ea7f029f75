using System.Text.Json;
using GenieObservability.Emulator;
using GenieObservability.Engine.Schema;
using GenieObservability.Engine.Warehouse;

namespace GenieObservability.Engine.Tests.Warehouse;

/// <summary>The conformance suite over real HTTP: the emulator's statements routes, DuckDB behind them, polled from "0s".</summary>
public sealed class StatementApiWarehouseConformanceTests : WarehouseConformanceTests
{
    private WorkspaceEmulator? _emulator;
    private WorkspaceSession? _session;

    protected override async Task StartBackendAsync()
    {
        _emulator = await WorkspaceEmulator.StartAsync();
        _emulator.State.Tokens.AddStaticToken("dapi-conformance");
        _emulator.State.Statements.ChunkRowCount = 2_000;
        _session = new WorkspaceSession(_emulator.BaseAddress, TestTokens.Pat("dapi-conformance"));
    }

    protected override IWarehouse OpenWarehouse(string schema) =>
        new StatementApiWarehouse(_session ?? throw new InvalidOperationException("The emulator is not started."), "wh-1", schema: schema) { WaitTimeout = "0s", PollInterval = TimeSpan.FromMilliseconds(5) };

    protected override string WideRowsQuery(int count) => $"SELECT r.id, repeat('x', 1000) AS pad FROM range({count}) AS r(id)";

    protected override async Task DisposeBackendAsync()
    {
        _session?.Dispose();
        if (_emulator is not null)
        {
            await _emulator.DisposeAsync();
        }
    }
}

public sealed class StatementApiWarehouseTests : IAsyncLifetime
{
    private WorkspaceEmulator _emulator = null!;
    private WorkspaceSession _session = null!;

    public async Task InitializeAsync()
    {
        _emulator = await WorkspaceEmulator.StartAsync();
        _emulator.State.Tokens.AddStaticToken("dapi-test");
        _session = new WorkspaceSession(_emulator.BaseAddress, TestTokens.Pat("dapi-test"));
    }

    public async Task DisposeAsync()
    {
        _session.Dispose();
        await _emulator.DisposeAsync();
    }

    private StatementApiWarehouse Warehouse(string wait = "0s") => new(_session, "wh-1") { WaitTimeout = wait, PollInterval = TimeSpan.FromMilliseconds(5) };

    [Fact]
    public async Task A_statement_is_polled_through_pending_and_running_to_succeeded()
    {
        await using var warehouse = Warehouse();
        await warehouse.ExecuteAsync(ObservabilitySchema.SchemaDdl(warehouse.Dialect, warehouse.Tables));
        _emulator.State.Requests.Clear();
        _emulator.State.Statements.PollsBeforeCompletion = 3;
        var rows = new List<SqlRow>();
        await foreach (var row in warehouse.QueryAsync("SELECT :a AS a", new Dictionary<string, object?> { ["a"] = 7L }))
        {
            rows.Add(row);
        }

        Assert.Equal(7L, Assert.Single(rows)["a"]);
        var paths = _emulator.State.Requests.Entries.Where(e => e.Path.StartsWith("/api/2.0/sql/statements", StringComparison.Ordinal)).Select(e => e.Method).ToList();
        Assert.Equal(["POST", "GET", "GET", "GET"], paths);
    }

    [Fact]
    public async Task Each_request_names_the_connected_catalog_and_schema_and_goes_without_the_schema_until_it_exists()
    {
        await using var warehouse = new StatementApiWarehouse(_session, "wh-1", "main", "sales_obs") { WaitTimeout = "10s" };
        await warehouse.ExecuteAsync(ObservabilitySchema.SchemaDdl(warehouse.Dialect, warehouse.Tables));
        var creating = _emulator.State.Requests.Matching("POST", "/api/2.0/sql/statements").Select(e => JsonDocument.Parse(e.Body!)).ToList();
        Assert.Equal(2, creating.Count);
        Assert.All(creating, r => Assert.Equal("main", r.RootElement.GetProperty("catalog").GetString()));
        Assert.Equal("sales_obs", creating[0].RootElement.GetProperty("schema").GetString());
        Assert.False(creating[1].RootElement.TryGetProperty("schema", out _));

        _emulator.State.Requests.Clear();
        await warehouse.ExecuteAsync("CREATE TABLE main.sales_obs.notes (note STRING)");
        await warehouse.ExecuteAsync("INSERT INTO notes (note) VALUES (:note)", new Dictionary<string, object?> { ["note"] = "unqualified" });
        var rows = new List<SqlRow>();
        await foreach (var row in warehouse.QueryAsync("SELECT note FROM main.sales_obs.notes"))
        {
            rows.Add(row);
        }

        Assert.Equal("unqualified", Assert.Single(rows)["note"]);
        var sent = _emulator.State.Requests.Matching("POST", "/api/2.0/sql/statements").Select(e => JsonDocument.Parse(e.Body!)).ToList();
        Assert.Equal(3, sent.Count);
        Assert.All(sent, r => Assert.Equal("sales_obs", r.RootElement.GetProperty("schema").GetString()));
    }

    [Fact]
    public async Task A_catalog_the_workspace_lacks_fails_with_the_warehouse_message()
    {
        await using var warehouse = new StatementApiWarehouse(_session, "wh-1", "no_such_catalog", "genie_analytics") { WaitTimeout = "10s" };
        var error = await Assert.ThrowsAsync<GenieObservabilityException>(() => warehouse.ExecuteAsync("SELECT 1"));
        Assert.Equal("WarehouseStatementFailed", error.ErrorId);
        Assert.Contains("NO_SUCH_CATALOG_EXCEPTION", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_multi_chunk_result_is_followed_to_the_end()
    {
        _emulator.State.Statements.ChunkRowCount = 1000;
        await using var warehouse = Warehouse("10s");
        long sum = 0;
        var count = 0;
        await foreach (var row in warehouse.QueryAsync("SELECT r.id FROM range(4500) AS r(id) ORDER BY r.id"))
        {
            Assert.Equal((long)count, row["id"]);
            sum += (long)row["id"]!;
            count++;
        }

        Assert.Equal(4500, count);
        Assert.Equal(4499L * 4500 / 2, sum);
        Assert.Equal(4, _emulator.State.Requests.Entries.Count(e => e.Path.Contains("/result/chunks/", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_failed_state_on_http_200_is_an_error_with_the_warehouse_message()
    {
        await using var warehouse = Warehouse("10s");
        var error = await Assert.ThrowsAsync<GenieObservabilityException>(() => warehouse.ExecuteAsync("SELECT * FROM main.nowhere.missing_table"));
        Assert.Equal("WarehouseStatementFailed", error.ErrorId);
        Assert.Contains("missing_table", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancelling_while_polling_cancels_the_statement_on_the_warehouse()
    {
        _emulator.State.Statements.PollsBeforeCompletion = int.MaxValue;
        await using var warehouse = Warehouse();
        using var cts = new CancellationTokenSource();
        var running = warehouse.ExecuteAsync("SELECT 1", null, cts.Token);

        // Cancelled while it is being polled (a fixed delay can end before the first POST is answered on a loaded machine).
        bool Polled() => _emulator.State.Requests.Matching("GET", "/api/2.0/sql/statements/").Count > 0;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!Polled() && !running.IsCompleted && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        Assert.True(Polled(), "the statement was never polled");
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
        Assert.Contains(_emulator.State.Requests.Entries, e => e.Method == "POST" && e.Path.EndsWith("/cancel", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Invalid_catalog_or_schema_names_never_reach_the_workspace()
    {
        Assert.Throws<GenieObservabilityException>(() => new StatementApiWarehouse(_session, "wh-1", "main; DROP", "genie_analytics"));
        Assert.Throws<GenieObservabilityException>(() => new StatementApiWarehouse(_session, "wh-1", "main", "x`y"));
        await Task.Yield();
        Assert.DoesNotContain(_emulator.State.Requests.Entries, e => e.Path.StartsWith("/api/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Parameters_are_sent_typed_and_named()
    {
        await using var warehouse = Warehouse("10s");
        var rows = new List<SqlRow>();
        await foreach (var row in warehouse.QueryAsync("SELECT :s AS s, :n AS n, :b AS b, :t AS t, :nothing AS z", new Dictionary<string, object?>
        {
            ["s"] = "it's",
            ["n"] = 5,
            ["b"] = true,
            ["t"] = new DateTime(2026, 5, 1, 2, 3, 4, DateTimeKind.Utc),
            ["nothing"] = null,
        }))
        {
            rows.Add(row);
        }

        var r = Assert.Single(rows);
        Assert.Equal("it's", r["s"]);
        Assert.Equal(5, r["n"]);
        Assert.Equal(true, r["b"]);
        Assert.Equal(new DateTime(2026, 5, 1, 2, 3, 4, DateTimeKind.Utc), r["t"]);
        Assert.Null(r["z"]);
    }
}

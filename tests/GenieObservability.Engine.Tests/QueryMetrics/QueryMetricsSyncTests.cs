using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using GenieObservability.Engine.Ingestion;
using GenieObservability.Engine.QueryMetrics;
using GenieObservability.Engine.Schema;
using GenieObservability.Engine.Tests.Http;
using GenieObservability.Engine.Tests.Pipeline;
using GenieObservability.Engine.Warehouse;

namespace GenieObservability.Engine.Tests.QueryMetrics;

/// <summary>The query-metrics sync against the emulator's Query History API over HTTP and an embedded DuckDB file.</summary>
public sealed class QueryMetricsSyncTests : IAsyncLifetime
{
    private const string WorkspaceId = "1234567890123456";
    private const string HistoryPath = "/api/2.0/sql/history/queries";
    private static readonly DateTime Start = new(2026, 11, 2, 8, 0, 0, DateTimeKind.Utc);

    private readonly string _directory = Directory.CreateTempSubdirectory("genie-query-metrics-").FullName;
    private readonly ManualClock _clock = new(Start);
    private ApiTestWorkspace _workspace = null!;
    private DuckDbWarehouse _warehouse = null!;

    public async Task InitializeAsync()
    {
        _workspace = await ApiTestWorkspace.StartAsync();
        _warehouse = new DuckDbWarehouse(Path.Combine(_directory, "g.duckdb"));
        await ObservabilitySchema.InstallAsync(_warehouse, _ => true, CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _warehouse.DisposeAsync();
        await _workspace.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Every_query_attachment_of_a_message_gets_its_metrics_and_a_second_run_asks_nothing()
    {
        await StoreMessageAsync("m1", "st-a", "st-b");
        await StoreMessageAsync("m2", "st-c");
        AddHistory("st-a", status: "FINISHED", totalMs: 1200, rows: 42, bytes: 4096, queueMs: 300);
        AddHistory("st-b", status: "FAILED", error: "TABLE_OR_VIEW_NOT_FOUND");
        AddHistory("st-c", status: "FINISHED", totalMs: 10);

        var summary = await SyncAsync();

        Assert.Equal((3, 3, 0, 0, 1), (summary.Statements, summary.Found, summary.Pending, summary.NotAvailable, summary.ApiRequests));
        var rows = await ReadAsync();
        var a = rows["st-a"];
        Assert.Equal(("FOUND", "FINISHED", 1200L, 42L, 4096L, 300L, "m1", "wh-1"), ((string)a["availability"]!, (string)a["status"]!, (long)a["total_duration_ms"]!, (long)a["rows_produced"]!, (long)a["bytes_read"]!, (long)a["queue_duration_ms"]!, (string)a["message_id"]!, (string)a["warehouse_id"]!));
        Assert.Equal(new DateTime(2026, 11, 2, 7, 0, 0, DateTimeKind.Utc), a.GetTimestamp("start_time")!.Value.UtcDateTime);
        Assert.Equal("TABLE_OR_VIEW_NOT_FOUND", rows["st-b"]["error_message"]);
        Assert.Equal("m1", rows["st-b"]["message_id"]);
        Assert.Equal("QUERY_HISTORY_API", rows["st-c"]["metrics_source"]);

        var request = Assert.Single(_workspace.Emulator.State.Requests.Matching("GET", HistoryPath));
        Assert.Contains("include_metrics=true", request.Query, StringComparison.Ordinal);
        Assert.Equal(3, request.Query.Split("filter_by.statement_ids=").Length - 1);

        var again = await SyncAsync();
        Assert.Equal((0, 0), (again.Statements, again.ApiRequests));
        Assert.Single(_workspace.Emulator.State.Requests.Matching("GET", HistoryPath));
    }

    [Fact]
    public async Task A_statement_not_yet_in_history_is_looked_up_again_then_given_up_and_late_history_is_found()
    {
        await StoreMessageAsync("m1", "st-never");
        await StoreMessageAsync("m2", "st-late");
        var options = new QueryMetricsOptions { MaxLookupAge = TimeSpan.FromHours(24) };

        var first = await SyncAsync(options);
        Assert.Equal((2, 2), (first.Statements, first.Pending));
        var rows = await ReadAsync();
        Assert.Equal(("PENDING", 1), ((string)rows["st-never"]["availability"]!, rows["st-never"].GetInt32("attempts")));

        _clock.Advance(TimeSpan.FromHours(1));
        AddHistory("st-late", status: "FINISHED", totalMs: 5);
        var second = await SyncAsync(options);
        Assert.Equal((2, 1, 1, 0), (second.Statements, second.Found, second.Pending, second.NotAvailable));
        rows = await ReadAsync();
        Assert.Equal(("FOUND", 2), ((string)rows["st-late"]["availability"]!, rows["st-late"].GetInt32("attempts")));
        Assert.Equal(("PENDING", 2), ((string)rows["st-never"]["availability"]!, rows["st-never"].GetInt32("attempts")));
        Assert.Equal(Start, rows["st-never"].GetTimestamp("first_looked_up_at")!.Value.UtcDateTime);

        _clock.Advance(TimeSpan.FromHours(23));
        var third = await SyncAsync(options);
        Assert.Equal((1, 0, 0, 1), (third.Statements, third.Found, third.Pending, third.NotAvailable));
        rows = await ReadAsync();
        Assert.Equal(("NOT_AVAILABLE", 3), ((string)rows["st-never"]["availability"]!, rows["st-never"].GetInt32("attempts")));

        var requestsSoFar = _workspace.Emulator.State.Requests.Matching("GET", HistoryPath).Count;
        var fourth = await SyncAsync(options);
        Assert.Equal((0, 0), (fourth.Statements, fourth.ApiRequests));
        Assert.Equal(requestsSoFar, _workspace.Emulator.State.Requests.Matching("GET", HistoryPath).Count);
    }

    [Fact]
    public async Task Ten_thousand_statements_take_one_hundred_requests_of_one_hundred_ids()
    {
        const int count = 10_000;
        var history = new List<JsonElement>(count);
        var messages = new List<object?[]>(count);
        for (var i = 0; i < count; i++)
        {
            var statement = StatementId(i);
            messages.Add(MessageRow("m" + i.ToString(CultureInfo.InvariantCulture), statement));
            if (i % 10 != 0)
            {
                history.Add(HistoryEntry(statement, "FINISHED", totalMs: i));
            }
        }

        foreach (var entry in history)
        {
            _workspace.Emulator.State.QueryHistory.Upsert(entry);
        }

        await _warehouse.UpsertAsync(_warehouse.Tables.MessageDetails, ["workspace_id", "message_id"], MessageColumns, messages, 10_000);

        var summary = await SyncAsync();

        Assert.Equal((count, 9_000, 1_000, 100, 100), (summary.Statements, summary.Found, summary.Pending, summary.ApiRequests, summary.StatementsPerRequest));
        var requests = _workspace.Emulator.State.Requests.Matching("GET", HistoryPath);
        Assert.Equal(100, requests.Count);
        Assert.All(requests, r => Assert.Equal(100, r.Query.Split("filter_by.statement_ids=").Length - 1));
        await foreach (var row in _warehouse.QueryAsync($"SELECT count(*) AS n, count(DISTINCT statement_id) AS d FROM {_warehouse.Tables.QueryMetrics}"))
        {
            Assert.Equal((10_000L, 10_000L), (row.GetInt64("n"), row.GetInt64("d")));
        }
    }

    [Fact]
    public async Task Pages_are_followed_with_the_token_encoded_when_the_server_sends_fewer_than_asked()
    {
        _workspace.Emulator.State.QueryHistory.PageCap = 3;
        for (var i = 0; i < 8; i++)
        {
            await StoreMessageAsync("m" + i.ToString(CultureInfo.InvariantCulture), StatementId(i));
            AddHistory(StatementId(i), status: "FINISHED", totalMs: i);
        }

        var summary = await SyncAsync();

        Assert.Equal((8, 8, 3), (summary.Statements, summary.Found, summary.ApiRequests));
        var requests = _workspace.Emulator.State.Requests.Matching("GET", HistoryPath);
        Assert.All(requests, r => Assert.Equal(200, r.Status));
        Assert.Equal(2, requests.Count(r => r.Query.Contains("page_token=qh%2B", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_failing_history_api_fails_the_step_and_leaves_statements_for_the_next_run()
    {
        await StoreMessageAsync("m1", "st-a");
        _workspace.Emulator.State.Faults.Add(new GenieObservability.Emulator.FaultRule { Method = "GET", PathPattern = "^/api/2.0/sql/history/queries$", Status = 403 });

        var error = await Assert.ThrowsAsync<GenieObservabilityException>(() => SyncAsync());

        Assert.Equal("QueryHistoryUnavailable", error.ErrorId);
        Assert.Equal(GenieErrorCategory.PermissionDenied, error.Category);
        Assert.Empty(await ReadAsync());
    }

    [Fact]
    public void A_queue_time_comes_from_the_earliest_queue_start_to_compilation_start()
    {
        using var document = JsonDocument.Parse("""
            {"query_id":"q","status":"FINISHED","duration":900,"endpoint_id":"wh","query_start_time_ms":1000,
             "metrics":{"provisioning_queue_start_timestamp":1100,"overloading_queue_start_timestamp":1050,"query_compilation_start_timestamp":1400,"result_from_cache":true}}
            """);
        var entry = QueryHistoryClient.ToEntry(document.RootElement)!;
        Assert.Equal((350L, 900L, "wh", true, true), (entry.QueueDurationMs!.Value, entry.TotalDurationMs!.Value, entry.WarehouseId, entry.FromResultCache!.Value, entry.IsFinal));
    }

    private static readonly string[] MessageColumns = ["workspace_id", "workspace_url", "space_id", "conversation_id", "message_id", "status", "statement_id", "attachments_json", "created_timestamp"];

    private static string StatementId(int i) => "01f0" + i.ToString("x8", CultureInfo.InvariantCulture) + "-0000-1000-8000-00000000abcd";

    private object?[] MessageRow(string messageId, params string[] statementIds)
    {
        var attachments = new JsonArray(statementIds.Select(s => (JsonNode)new JsonObject { ["attachment_id"] = "a-" + s, ["query"] = new JsonObject { ["query"] = "SELECT 1", ["statement_id"] = s } }).ToArray());
        attachments.Add(new JsonObject { ["attachment_id"] = "t", ["text"] = new JsonObject { ["content"] = "statement_id is a word here" } });
        return [WorkspaceId, _workspace.Emulator.BaseAddress.GetLeftPart(UriPartial.Authority), "s1", "c-" + messageId, messageId, "COMPLETED", statementIds.FirstOrDefault(), attachments.ToJsonString(), Start];
    }

    private Task<int> StoreMessageAsync(string messageId, params string[] statementIds) =>
        _warehouse.UpsertAsync(_warehouse.Tables.MessageDetails, ["workspace_id", "message_id"], MessageColumns, [MessageRow(messageId, statementIds)]);

    private void AddHistory(string statementId, string status, long? totalMs = null, long? rows = null, long? bytes = null, long? queueMs = null, string? error = null) =>
        _workspace.Emulator.State.QueryHistory.Upsert(HistoryEntry(statementId, status, totalMs, rows, bytes, queueMs, error));

    private static JsonElement HistoryEntry(string statementId, string status, long? totalMs = null, long? rows = null, long? bytes = null, long? queueMs = null, string? error = null)
    {
        var start = new DateTimeOffset(Start.AddHours(-1)).ToUnixTimeMilliseconds();
        var metrics = new JsonObject { ["total_time_ms"] = totalMs, ["execution_time_ms"] = totalMs, ["rows_produced_count"] = rows, ["read_bytes"] = bytes };
        if (queueMs is { } queue)
        {
            metrics["provisioning_queue_start_timestamp"] = start;
            metrics["query_compilation_start_timestamp"] = start + queue;
        }

        var entry = new JsonObject
        {
            ["query_id"] = statementId,
            ["status"] = status,
            ["warehouse_id"] = "wh-1",
            ["endpoint_id"] = "wh-1",
            ["query_start_time_ms"] = start,
            ["execution_end_time_ms"] = start + (totalMs ?? 0),
            ["error_message"] = error,
            ["metrics"] = metrics,
        };
        return JsonDocument.Parse(entry.ToJsonString()).RootElement.Clone();
    }

    private Task<GenieQueryMetricSyncSummary> SyncAsync(QueryMetricsOptions? options = null) =>
        new QueryMetricsSync(_warehouse, host => _workspace.Session.Api(host), null, _clock).RunAsync(options ?? new QueryMetricsOptions(), CancellationToken.None);

    private async Task<Dictionary<string, SqlRow>> ReadAsync()
    {
        var rows = new Dictionary<string, SqlRow>();
        await foreach (var row in _warehouse.QueryAsync($"SELECT * FROM {_warehouse.Tables.QueryMetrics}"))
        {
            rows[(string)row["statement_id"]!] = row;
        }

        return rows;
    }
}

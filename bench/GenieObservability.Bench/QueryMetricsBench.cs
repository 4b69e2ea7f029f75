using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using GenieObservability.Emulator;
using GenieObservability.Engine;
using GenieObservability.Engine.Auth;
using GenieObservability.Engine.QueryMetrics;
using GenieObservability.Engine.Schema;
using GenieObservability.Engine.Warehouse;

namespace GenieObservability.Bench;

/// <summary>
/// Query-history enrichment end to end: N stored messages with one statement each in a DuckDB temp file, the emulator's
/// Query History API over real HTTP with injected latency (90% of the statements in history), the real client and
/// the one writer. Target: 10,000 statements in at most 100 requests and under 10 s at 50 ms latency. A second run
/// shows the cost of looking the missing 10% up again.
/// </summary>
internal sealed class QueryMetricsBench : IBenchmark
{
    private const string Token = "dapi-bench";

    public string Name => "query-metrics";

    public string Description => "query-history enrichment: requests and seconds for N statements: [--statements 10000] [--latency 50] [--per-request 100] [--throttle 4]";

    public async Task RunAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var args = arguments.ToArray();
        var statements = IngestionWorkload.Option(args, "--statements", 10_000);
        var latency = IngestionWorkload.Option(args, "--latency", 50);
        var perRequest = IngestionWorkload.Option(args, "--per-request", QueryHistoryClient.DefaultStatementsPerRequest);
        var throttle = IngestionWorkload.Option(args, "--throttle", QueryMetricsOptions.DefaultThrottleLimit);
        Console.WriteLine($"Query metrics benchmark: {statements:N0} statements, emulator latency {latency} ms, {perRequest} ids per request, {throttle} requests in flight, DuckDB temp file");

        await using var emulator = await WorkspaceEmulator.StartAsync();
        emulator.State.Tokens.AddStaticToken(Token);
        var directory = Directory.CreateTempSubdirectory("genie-bench-query-metrics-").FullName;
        try
        {
            await using var warehouse = new DuckDbWarehouse(Path.Combine(directory, "bench.duckdb"));
            await ObservabilitySchema.InstallAsync(warehouse, _ => true, cancellationToken).ConfigureAwait(false);
            await SeedAsync(emulator, warehouse, statements, cancellationToken).ConfigureAwait(false);
            emulator.State.ApiLatencyMilliseconds = latency;
            using var session = new WorkspaceSession(emulator.BaseAddress, new StaticTokenProvider(new NetworkCredential(string.Empty, Token).SecurePassword));
            var options = new QueryMetricsOptions { StatementsPerRequest = perRequest, ThrottleLimit = throttle };

            foreach (var label in new[] { "first run", "second run (missing ones again)" })
            {
                var watch = Stopwatch.StartNew();
                var summary = await new QueryMetricsSync(warehouse, host => session.Api(host)).RunAsync(options, cancellationToken).ConfigureAwait(false);
                watch.Stop();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{label}: {summary.Statements:N0} statements in {watch.Elapsed.TotalSeconds:F2} s, {summary.ApiRequests} requests ({summary.Found:N0} found, {summary.Pending:N0} pending)"));
                if (label == "first run")
                {
                    Console.WriteLine($"  targets: requests <= {Math.Ceiling(statements / 100.0)}: {(summary.ApiRequests <= Math.Ceiling(statements / 100.0) ? "met" : "MISSED")}; time < 10 s: {(watch.Elapsed < TimeSpan.FromSeconds(10) ? "met" : "MISSED")}");
                }
            }

            Console.WriteLine($"  /proc/loadavg: {(File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a")}");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task SeedAsync(WorkspaceEmulator emulator, DuckDbWarehouse warehouse, int count, CancellationToken cancellationToken)
    {
        string[] columns = ["workspace_id", "workspace_url", "space_id", "conversation_id", "message_id", "status", "statement_id", "attachments_json"];
        var url = emulator.BaseAddress.GetLeftPart(UriPartial.Authority);
        var start = DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeMilliseconds();
        var rows = new List<object?[]>(count);
        for (var n = 0; n < count; n++)
        {
            var statement = Guid.NewGuid().ToString();
            var attachments = new JsonArray(new JsonObject { ["attachment_id"] = "a" + n.ToString(CultureInfo.InvariantCulture), ["query"] = new JsonObject { ["query"] = "SELECT 1", ["statement_id"] = statement } });
            rows.Add(["1234567890123456", url, "bench-space", "c" + n.ToString(CultureInfo.InvariantCulture), "m" + n.ToString(CultureInfo.InvariantCulture), "COMPLETED", statement, attachments.ToJsonString()]);
            if (n % 10 != 0)
            {
                var entry = new JsonObject
                {
                    ["query_id"] = statement,
                    ["status"] = "FINISHED",
                    ["warehouse_id"] = "wh",
                    ["query_start_time_ms"] = start + n,
                    ["execution_end_time_ms"] = start + n + 250,
                    ["metrics"] = new JsonObject { ["total_time_ms"] = 250, ["execution_time_ms"] = 200, ["rows_produced_count"] = n, ["read_bytes"] = 4096 },
                };
                emulator.State.QueryHistory.Upsert(JsonDocument.Parse(entry.ToJsonString()).RootElement);
            }
        }

        await warehouse.UpsertAsync(warehouse.Tables.MessageDetails, ["workspace_id", "message_id"], columns, rows, 10_000, cancellationToken).ConfigureAwait(false);
    }
}

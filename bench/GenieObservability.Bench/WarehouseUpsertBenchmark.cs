using System.Diagnostics;
using System.Globalization;
using GenieObservability.Emulator;
using GenieObservability.Engine;
using GenieObservability.Engine.Auth;
using GenieObservability.Engine.Schema;
using GenieObservability.Engine.Warehouse;

namespace GenieObservability.Bench;

/// <summary>
/// Statements (round trips) and rows/s for a 10,000-row upsert of message_details rows, batch size 500 by default:
/// the embedded DuckDB file, and the Statement API against the local emulator (DuckDB behind HTTP). Bound for round
/// trips: rows / batch size + 2 (the column-type lookup, plus one spare).
/// </summary>
internal sealed class WarehouseUpsertBenchmark : IBenchmark
{
    public string Name => "warehouse";

    public string Description => "10,000-row message_details upsert: statements per upsert and rows/s (DuckDB file, Statement API on the emulator). Args: [rows] [batchSize]";

    public async Task RunAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var rows = arguments.Count > 0 ? int.Parse(arguments[0], CultureInfo.InvariantCulture) : 10_000;
        var batchSize = arguments.Count > 1 ? int.Parse(arguments[1], CultureInfo.InvariantCulture) : 500;
        var directory = Directory.CreateTempSubdirectory("genie-bench-").FullName;
        try
        {
            await using (var duck = new DuckDbWarehouse(Path.Combine(directory, "bench.duckdb")))
            {
                await MeasureAsync("DuckDB file", duck, rows, batchSize, cancellationToken);
            }

            await using var emulator = await WorkspaceEmulator.StartAsync();
            emulator.State.Tokens.AddStaticToken("bench-token");
            using var session = new WorkspaceSession(emulator.BaseAddress, new BenchToken());
            await using var api = new StatementApiWarehouse(session, "bench-warehouse");
            await MeasureAsync("Statement API (emulator)", api, rows, batchSize, cancellationToken);
            Console.WriteLine($"  HTTP requests in total: {api.HttpRequests}");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task MeasureAsync(string label, WarehouseBase warehouse, int rows, int batchSize, CancellationToken cancellationToken)
    {
        await ObservabilitySchema.InstallAsync(warehouse, _ => true, cancellationToken);
        var table = ObservabilityTables.MessageDetails;
        var bound = (rows / batchSize) + 2;
        Console.WriteLine($"{label}: {rows:N0} rows x {table.Columns.Count} columns, batch size {batchSize}");
        foreach (var pass in new[] { "insert", "update" })
        {
            var before = warehouse.RoundTrips;
            var watch = Stopwatch.StartNew();
            var statements = await warehouse.UpsertAsync(warehouse.Tables.MessageDetails, table.Key, table.ColumnNames, Rows(rows, pass), batchSize, cancellationToken);
            watch.Stop();
            var roundTrips = warehouse.RoundTrips - before;
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"  {pass,-6}: {statements} MERGE statements, {roundTrips} round trips (bound {bound}, ratio {(double)roundTrips / bound:F2}), {watch.Elapsed.TotalSeconds:F2} s, {rows / watch.Elapsed.TotalSeconds:N0} rows/s"));
        }
    }

    private static IEnumerable<object?[]> Rows(int count, string pass)
    {
        var start = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        for (var i = 0; i < count; i++)
        {
            var created = start.AddSeconds(i);
            yield return
            [
                "1234567890", "prod", "https://adb-1.azuredatabricks.net", $"space-{i % 50}", $"Space {i % 50}", $"conv-{i / 5}", $"msg-{i:D8}",
                (long)(1000 + (i % 300)), $"user{i % 300}@example.com", $"How many orders were placed in week {i % 52}? ({pass})",
                pass == "insert" ? "EXECUTING_QUERY" : "COMPLETED", created, created.AddSeconds(30),
                "SELECT COUNT(*) FROM sales.orders WHERE week = 7", "Counts orders", $"stmt-{i}", "[{\"query\":{\"query\":\"SELECT 1\"}}]", 1,
                null, null, "NONE", created, "bench-run", DateTime.UtcNow, created,
            ];
        }
    }

    private sealed class BenchToken : ITokenProvider
    {
        public string AuthType => "Pat";

        public ValueTask<string> GetTokenAsync(Uri workspaceHost, bool forceRefresh, CancellationToken cancellationToken) => ValueTask.FromResult("bench-token");
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Text;
using GenieObservability.Engine.Pipeline;
using GenieObservability.Engine.Schema;
using GenieObservability.Engine.Warehouse;

namespace GenieObservability.Bench;

/// <summary>
/// The embedded audit stage at scale: a synthetic JSON-lines audit export (system-table shape; 70% Genie
/// message fetches over a fifth as many distinct messages, the rest other services), imported with
/// Import-GenieAuditLog's engine, then refreshed Initial (whole window) and Auto (the overlap only) on a DuckDB temp file.
/// Prints each time and its ratio to the 10 s refresh target.
/// </summary>
internal static class PipelineRefreshBench
{
    private static readonly TimeSpan RefreshTarget = TimeSpan.FromSeconds(10);

    public static async Task<int> RunAsync(string[] args)
    {
        var rows = Option(args, "--rows", 1_000_000);
        var days = Option(args, "--days", 90);
        var directory = Directory.CreateTempSubdirectory("genie-pipeline-bench-").FullName;
        try
        {
            var file = Path.Combine(directory, "audit.jsonl");
            var now = DateTime.UtcNow;
            var generate = Stopwatch.StartNew();
            var genieRows = Generate(file, rows, days, now);
            Console.WriteLine($"Pipeline benchmark: {rows:N0} audit rows ({genieRows:N0} Genie message fetches) over {days} days, {new FileInfo(file).Length / 1e6:N0} MB of JSON lines, generated in {generate.Elapsed.TotalSeconds:N1} s; {Environment.ProcessorCount} cores");

            await using var warehouse = new DuckDbWarehouse(Path.Combine(directory, "bench.duckdb"));
            await ObservabilitySchema.InstallAsync(warehouse, _ => true, CancellationToken.None);

            var import = Stopwatch.StartNew();
            var imported = await new AuditLogImporter(warehouse, new ConsoleLog()).ImportAsync([file], Enumerable.Range(1000, 5).ToDictionary(i => i.ToString(CultureInfo.InvariantCulture), i => $"https://adb-{i}.example.net"));
            import.Stop();
            Console.WriteLine($"  import:            {import.Elapsed.TotalSeconds,6:N2} s  ({imported.RowsImported / import.Elapsed.TotalSeconds:N0} rows/s, {imported.RowsImported:N0} rows)");

            var reimport = Stopwatch.StartNew();
            var again = await new AuditLogImporter(warehouse).ImportAsync([file]);
            reimport.Stop();
            Console.WriteLine($"  re-import (no-op): {reimport.Elapsed.TotalSeconds,6:N2} s  ({again.RowsImported:N0} rows added)");

            var clock = new FixedClock(now);
            var refresher = new PipelineRefresher(new PipelineRunStore(warehouse), new EmbeddedPipelineEngine(warehouse), clock);
            var initial = await TimeAsync(refresher, new RefreshRequest(GeniePipelineMode.Initial, DaysLookback: days + 1));
            Console.WriteLine(Line("refresh Initial", initial.Elapsed, initial.Run));
            clock.Now = now.AddMinutes(30);
            var auto = await TimeAsync(refresher, new RefreshRequest(GeniePipelineMode.Auto));
            Console.WriteLine(Line("refresh Auto (3 h)", auto.Elapsed, auto.Run));
            return initial.Run.State == "SUCCEEDED" && auto.Run.State == "SUCCEEDED" ? 0 : 1;
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static string Line(string name, TimeSpan elapsed, GenieObservability.GeniePipelineRun run) =>
        $"  {name + ":",-19}{elapsed.TotalSeconds,6:N2} s  = {elapsed / RefreshTarget:P0} of the 10 s target (bronze {run.BronzeRows:N0}, silver {run.SilverRows:N0}, {run.State})";

    private static async Task<(TimeSpan Elapsed, GenieObservability.GeniePipelineRun Run)> TimeAsync(PipelineRefresher refresher, RefreshRequest request)
    {
        var watch = Stopwatch.StartNew();
        var outcome = await refresher.RefreshAsync(request, new ConsoleLog(), CancellationToken.None);
        watch.Stop();
        if (outcome.Failure is not null)
        {
            Console.WriteLine("  FAILED: " + outcome.Failure.Message);
        }

        return (watch.Elapsed, outcome.Run);
    }

    /// <summary>Writes the rows; returns how many are Genie message fetches.</summary>
    private static long Generate(string path, int rows, int days, DateTime now)
    {
        var random = new Random(42);
        var messages = Math.Max(1, rows / 5);
        long genie = 0;
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20);
        var line = new StringBuilder(512);
        string[] services = ["notebook", "clusters", "sqlPermissions", "databrickssql", "accounts"];
        for (var i = 0; i < rows; i++)
        {
            var time = now.AddSeconds(-random.NextDouble() * days * 86400);
            var workspace = (1000 + (i % 5)).ToString(CultureInfo.InvariantCulture);
            var isGenie = random.NextDouble() < 0.7;
            line.Clear();
            line.Append("{\"account_id\":\"acc\",\"workspace_id\":\"").Append(workspace)
                .Append("\",\"event_time\":\"").Append(time.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture))
                .Append("\",\"event_date\":\"").Append(time.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))
                .Append("\",\"event_id\":\"e").Append(i.ToString(CultureInfo.InvariantCulture))
                .Append("\",\"request_id\":\"r").Append(i.ToString(CultureInfo.InvariantCulture)).Append('"');
            if (isGenie)
            {
                genie++;
                var message = random.Next(messages);
                var conversation = message / 3;
                line.Append(",\"service_name\":\"aibiGenie\",\"action_name\":\"").Append(i % 2 == 0 ? "getConversationMessage" : "genieGetConversationMessage")
                    .Append("\",\"request_params\":{\"space_id\":\"space").Append((conversation % 200).ToString(CultureInfo.InvariantCulture))
                    .Append("\",\"conversation_id\":\"conv").Append(conversation.ToString(CultureInfo.InvariantCulture))
                    .Append("\",\"message_id\":\"msg").Append(message.ToString(CultureInfo.InvariantCulture)).Append("\"}");
            }
            else
            {
                line.Append(",\"service_name\":\"").Append(services[i % services.Length]).Append("\",\"action_name\":\"list\",\"request_params\":{\"path\":\"/x\"}");
            }

            line.Append(",\"user_identity\":{\"email\":\"user").Append((i % 997).ToString(CultureInfo.InvariantCulture))
                .Append("@example.com\"},\"response\":{\"status_code\":").Append(i % 50 == 0 ? "500" : "200").Append("}}");
            writer.WriteLine(line);
        }

        return genie;
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private sealed class ConsoleLog : GenieObservability.IOperationLog
    {
        public void Verbose(string message)
        {
            if (message.StartsWith("Built", StringComparison.Ordinal) || message.StartsWith("Read", StringComparison.Ordinal) || message.StartsWith("Imported", StringComparison.Ordinal))
            {
                Console.WriteLine("    " + message);
            }
        }

        public void Debug(string message)
        {
        }

        public void Warning(string message) => Console.WriteLine("    WARNING: " + message);

        public void Progress(GenieObservability.OperationProgress progress)
        {
        }
    }

    private sealed class FixedClock(DateTime now) : TimeProvider
    {
        public DateTime Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => new(Now, TimeSpan.Zero);
    }
}

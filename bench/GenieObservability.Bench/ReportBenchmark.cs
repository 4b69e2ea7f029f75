using System.Diagnostics;
using System.Globalization;
using GenieObservability.Engine.Analytics;
using GenieObservability.Engine.Report;
using GenieObservability.Engine.Schema;
using GenieObservability.Engine.Warehouse;

namespace GenieObservability.Bench;

/// <summary>
/// The analytics layer at scale on the embedded warehouse: 1,000,000 stored messages over 90 days in 200 spaces of two
/// workspaces, with their answers' statements in message_query_metrics (seeded with INSERT ... SELECT, not through the
/// API), then the 30-day report and each cmdlet's first row, each measured in a fresh child process so that the peak
/// working set is the report's alone.
/// Targets: report &lt; 5 s, &lt; 300 MB peak working set, file &lt; 2 MB; first row &lt; 1 s.
/// </summary>
internal sealed class ReportBenchmark : IBenchmark
{
    private const double ReportSeconds = 5;
    private const double ReportMegabytes = 300;
    private const double FileMegabytes = 2;
    private const double FirstRowSeconds = 1;

    public string Name => "report";

    public string Description => "report + first rows over stored messages on DuckDB: [--messages 1000000] [--spaces 200] [--days 30]";

    public async Task RunAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var child = arguments.ToList().IndexOf("--child");
        if (child >= 0)
        {
            await ChildAsync(arguments[child + 1], arguments[child + 2], Option(arguments, "--days", 30), cancellationToken).ConfigureAwait(false);
            return;
        }

        var messages = Option(arguments, "--messages", 1_000_000);
        var spaces = Option(arguments, "--spaces", 200);
        var days = Option(arguments, "--days", 30);
        var directory = Directory.CreateTempSubdirectory("genie-report-bench-").FullName;
        try
        {
            var database = Path.Combine(directory, "bench.duckdb");
            var seed = Stopwatch.StartNew();
            await SeedAsync(database, messages, spaces, cancellationToken).ConfigureAwait(false);
            Console.WriteLine($"Report benchmark: {messages:N0} stored messages in {spaces} spaces over 90 days, seeded in {seed.Elapsed.TotalSeconds:N1} s ({new FileInfo(database).Length / 1e6:N0} MB file); {Environment.ProcessorCount} cores; load {File.ReadAllText("/proc/loadavg").Trim()}");

            var report = await RunChildAsync(database, "report", days, cancellationToken).ConfigureAwait(false);
            var seconds = double.Parse(report[0], CultureInfo.InvariantCulture);
            var peak = double.Parse(report[1], CultureInfo.InvariantCulture);
            var bytes = long.Parse(report[2], CultureInfo.InvariantCulture);
            Console.WriteLine($"  report ({days} days, {report[3]} questions): {seconds,6:N2} s = {seconds / ReportSeconds:P0} of {ReportSeconds} s (process CPU {report[4]} s on {Environment.ProcessorCount} cores); peak working set {peak:N0} MB = {peak / ReportMegabytes:P0} of {ReportMegabytes} MB; file {bytes / 1048576.0:N2} MB = {bytes / 1048576.0 / FileMegabytes:P0} of {FileMegabytes} MB");

            foreach (var what in new[] { "Day", "Week", "Month", "Space", "User", "Workspace", "Question", "QuestionUnanswered", "QuestionSearch", "QueryMetric", "QueryMetricFailed" })
            {
                var first = await RunChildAsync(database, what, days, cancellationToken).ConfigureAwait(false);
                var firstSeconds = double.Parse(first[0], CultureInfo.InvariantCulture);
                var label = what.StartsWith("Question", StringComparison.Ordinal) ? "Get-GenieQuestion " + what["Question".Length..]
                    : what.StartsWith("QueryMetric", StringComparison.Ordinal) ? "Get-GenieQueryMetric " + what["QueryMetric".Length..]
                    : "Get-GenieUsage -By " + what;
                Console.WriteLine($"  first row of {label,-34} {firstSeconds,6:N3} s = {firstSeconds / FirstRowSeconds:P0} of {FirstRowSeconds} s (CPU {first[3]} s; all {first[1]} rows in {first[2]} s)");
            }

            Console.WriteLine($"  load after: {File.ReadAllText("/proc/loadavg").Trim()}");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>One INSERT ... SELECT over range(): statuses, feedback, errors and users spread deterministically.</summary>
    private static async Task SeedAsync(string database, int messages, int spaces, CancellationToken cancellationToken)
    {
        await using var warehouse = new DuckDbWarehouse(database);
        await ObservabilitySchema.InstallAsync(warehouse, _ => true, cancellationToken).ConfigureAwait(false);
        var now = DateTime.UtcNow;
        var split = spaces * 7 / 10;
        var parameters = new Dictionary<string, object?> { ["now"] = now, ["spaces"] = spaces, ["split"] = split, ["step"] = 90.0 * 86400 / messages };
        await warehouse.ExecuteAsync(
            """
            INSERT INTO genie_analytics.message_details (workspace_id, workspace_name, workspace_url, space_id, space_name,
              conversation_id, message_id, user_id, user_email, content, status, created_timestamp, last_updated_timestamp,
              query_sql, query_description, statement_id, attachments_json, attachment_count, message_error_type, message_error,
              feedback_rating, audit_event_time, ingestion_batch_id, ingestion_timestamp, first_ingested_at)
            SELECT
              CASE WHEN i % :spaces < :split THEN '1001' ELSE '2002' END,
              CASE WHEN i % :spaces < :split THEN 'Contoso' ELSE 'Fabrikam' END,
              'https://adb-1.example.net',
              'space-' || lpad(CAST(i % :spaces AS VARCHAR), 4, '0'),
              'Space ' || CAST(i % :spaces AS VARCHAR),
              'conv-' || CAST(i // 3 AS VARCHAR),
              'msg-' || CAST(i AS VARCHAR),
              (i * 7919) % 5000,
              'user' || CAST((i * 7919) % 5000 AS VARCHAR) || '@contoso.com',
              'How did revenue for product line ' || CAST(i % 97 AS VARCHAR) || ' develop by region last quarter, compared with the year before?',
              CASE WHEN i % 20 = 0 THEN 'FAILED' WHEN i % 50 = 1 THEN 'CANCELLED' WHEN i % 97 = 2 THEN 'EXECUTING_QUERY' ELSE 'COMPLETED' END,
              CAST(:now AS TIMESTAMP) - to_microseconds(CAST(i * :step * 1000000 AS BIGINT)),
              CAST(:now AS TIMESTAMP) - to_microseconds(CAST(i * :step * 1000000 AS BIGINT)) + INTERVAL 20 SECOND,
              CASE WHEN i % 20 <> 0 AND i % 4 <> 0 THEN 'SELECT region, date_trunc(''month'', order_date) AS month, SUM(amount) AS revenue FROM main.sales.orders WHERE product_line = ' || CAST(i % 97 AS VARCHAR) || ' GROUP BY ALL ORDER BY month' END,
              CASE WHEN i % 20 <> 0 AND i % 4 <> 0 THEN 'Revenue per region and month' END,
              CASE WHEN i % 20 <> 0 AND i % 4 <> 0 THEN 'stmt-' || CAST(i AS VARCHAR) END,
              '[{"attachment_id":"a' || CAST(i AS VARCHAR) || '","text":{"content":"Here is revenue per region and month."}}]',
              CASE WHEN i % 20 = 0 THEN 0 ELSE 2 END,
              CASE WHEN i % 20 = 0 THEN CASE i % 3 WHEN 0 THEN 'WAREHOUSE_ACCESS_MISSING_EXCEPTION' WHEN 1 THEN 'SQL_EXECUTION_EXCEPTION' ELSE 'GENERIC_CHAT_COMPLETION_EXCEPTION' END END,
              CASE WHEN i % 20 = 0 THEN 'The request could not be completed.' END,
              CASE i % 13 WHEN 0 THEN 'POSITIVE' WHEN 1 THEN 'NEGATIVE' ELSE NULL END,
              CAST(:now AS TIMESTAMP) - to_microseconds(CAST(i * :step * 1000000 AS BIGINT)),
              'bench',
              CAST(:now AS TIMESTAMP),
              CAST(:now AS TIMESTAMP)
            FROM range(CAST(:messages AS BIGINT)) AS r(i)
            """,
            new Dictionary<string, object?>(parameters) { ["messages"] = messages },
            cancellationToken).ConfigureAwait(false);
        // The answers' statements in message_query_metrics: 2% not in history yet, 1% given up, the rest measured with
        // 4% FAILED and 1% CANCELED, durations spread from 0.1 s to 60 s.
        await warehouse.ExecuteAsync(
            """
            INSERT INTO genie_analytics.message_query_metrics (workspace_id, statement_id, space_id, conversation_id, message_id,
              status, total_duration_ms, execution_duration_ms, queue_duration_ms, rows_produced, bytes_read, warehouse_id,
              error_message, start_time, availability, attempts)
            SELECT workspace_id, statement_id, space_id, conversation_id, message_id,
              CASE WHEN h % 100 < 3 THEN NULL WHEN h % 100 < 7 THEN 'FAILED' WHEN h % 100 < 8 THEN 'CANCELED' ELSE 'FINISHED' END,
              CASE WHEN h % 100 >= 3 THEN 100 + (h * 7919) % 59900 END,
              CASE WHEN h % 100 >= 3 THEN 90 + (h * 7919) % 50000 END,
              CASE WHEN h % 100 >= 3 THEN (h * 31) % 2000 END,
              CASE WHEN h % 100 >= 3 THEN h % 5000 END,
              CASE WHEN h % 100 >= 3 THEN h * 1024 END,
              'wh-' || CAST(h % 3 AS VARCHAR),
              CASE WHEN h % 100 BETWEEN 3 AND 6 THEN '[UNRESOLVED_COLUMN] A column cannot be resolved.' END,
              created_timestamp,
              CASE WHEN h % 100 < 2 THEN 'PENDING' WHEN h % 100 < 3 THEN 'NOT_AVAILABLE' ELSE 'FOUND' END,
              1
            FROM (SELECT *, CAST(substr(message_id, 5) AS BIGINT) AS h FROM genie_analytics.message_details WHERE statement_id IS NOT NULL) AS d
            """,
            parameters,
            cancellationToken).ConfigureAwait(false);
        await warehouse.ExecuteAsync(
            "INSERT INTO genie_analytics.genie_space_details (workspace_id, space_id, title, api_fetch_status, last_success_at) SELECT CASE WHEN i < :split THEN '1001' ELSE '2002' END, 'space-' || lpad(CAST(i AS VARCHAR), 4, '0'), 'Space title ' || CAST(i AS VARCHAR), 'OK', CAST(:now AS TIMESTAMP) FROM range(CAST(:spaces AS BIGINT) + 5) AS r(i)",
            parameters,
            cancellationToken).ConfigureAwait(false);
        await warehouse.ExecuteAsync(
            "INSERT INTO genie_analytics.message_fetch_errors (workspace_id, space_id, message_id, error_type, http_status, retry_count, first_failed_at, last_attempt_at, resolved) SELECT '1001', 'space-' || lpad(CAST(i % 50 AS VARCHAR), 4, '0'), 'lost-' || CAST(i AS VARCHAR), CASE WHEN i % 4 = 0 THEN 'NOT_FOUND' ELSE 'TIMEOUT' END, CASE WHEN i % 4 = 0 THEN 404 ELSE 504 END, i % 5, CAST(:now AS TIMESTAMP) - to_hours(i % 700), CAST(:now AS TIMESTAMP), i % 3 = 0 FROM range(5000) AS r(i)",
            parameters,
            cancellationToken).ConfigureAwait(false);
        await warehouse.ExecuteAsync(
            "CREATE TABLE genie_analytics.genie_messages_to_fetch AS SELECT workspace_id, workspace_name, space_id, conversation_id, message_id FROM genie_analytics.message_details WHERE created_timestamp >= CAST(:now AS TIMESTAMP) - INTERVAL 3 HOUR",
            parameters,
            cancellationToken).ConfigureAwait(false);
        await warehouse.ExecuteAsync(
            "INSERT INTO genie_analytics.genie_ingestion_runs (run_id, run_type, status, started_at, finished_at, window_end) VALUES ('p', 'PIPELINE_REFRESH', 'SUCCEEDED', CAST(:now AS TIMESTAMP), CAST(:now AS TIMESTAMP), CAST(:now AS TIMESTAMP)), ('i', 'MESSAGE_INGESTION', 'SUCCEEDED', CAST(:now AS TIMESTAMP), CAST(:now AS TIMESTAMP), NULL)",
            parameters,
            cancellationToken).ConfigureAwait(false);
    }

    private static Task<string[]> RunChildAsync(string database, string what, int days, CancellationToken cancellationToken) =>
        MeasuringProcess.RunForResultAsync(MeasuringProcess.Self("report", "--days", days.ToString(CultureInfo.InvariantCulture), "--child", database, what), $"The measuring process for {what}", cancellationToken);

    /// <summary>The measured side: the report (time, peak working set, size) or one reader's first row.</summary>
    private static async Task ChildAsync(string database, string what, int days, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        await using var warehouse = new DuckDbWarehouse(database);
        var source = new AnalyticsSource(warehouse);
        if (what == "report")
        {
            var path = Path.Combine(Path.GetDirectoryName(database)!, "report.html");
            var report = await new ObservabilityReportBuilder(source).WriteAsync(new ReportRequest(path, days), cancellationToken).ConfigureAwait(false);
            clock.Stop();
            using var process = Process.GetCurrentProcess();
            process.Refresh();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RESULT {clock.Elapsed.TotalSeconds:F3} {process.PeakWorkingSet64 / 1048576.0:F1} {report.Bytes} {report.Questions} {process.TotalProcessorTime.TotalSeconds:F2}"));
            return;
        }

        IAsyncEnumerable<object> rows = what switch
        {
            "Question" => new QuestionReader(source).ReadAsync(new QuestionQuery(), cancellationToken),
            "QuestionUnanswered" => new QuestionReader(source).ReadAsync(new QuestionQuery { UnansweredOnly = true }, cancellationToken),
            "QuestionSearch" => new QuestionReader(source).ReadAsync(new QuestionQuery { Search = "product line 42 " }, cancellationToken),
            "QueryMetric" => new QueryMetricReader(source).ReadAsync(new QueryMetricQuery { Window = new AnalyticsWindow(DateTimeOffset.UtcNow, days) }, cancellationToken),
            "QueryMetricFailed" => new QueryMetricReader(source).ReadAsync(new QueryMetricQuery { Window = new AnalyticsWindow(DateTimeOffset.UtcNow, days), Statuses = ["FAILED", "CANCELED"], First = 1000 }, cancellationToken),
            _ => new UsageReader(source).ReadAsync(Enum.Parse<GenieUsageGrouping>(what), new AnalyticsWindow(DateTimeOffset.UtcNow, days), cancellationToken),
        };
        double? first = null;
        double? firstCpu = null;
        long count = 0;
        using var self = Process.GetCurrentProcess();
        var cpuAtStart = self.TotalProcessorTime;
        await foreach (var _ in rows.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (first is null)
            {
                first = clock.Elapsed.TotalSeconds;
                self.Refresh();
                firstCpu = (self.TotalProcessorTime - cpuAtStart).TotalSeconds;
            }

            count++;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RESULT {first ?? clock.Elapsed.TotalSeconds:F3} {count} {clock.Elapsed.TotalSeconds:F2} {firstCpu ?? 0:F2}"));
    }

    private static int Option(IReadOnlyList<string> arguments, string name, int fallback)
    {
        var index = arguments.ToList().IndexOf(name);
        return index >= 0 && index + 1 < arguments.Count ? int.Parse(arguments[index + 1], CultureInfo.InvariantCulture) : fallback;
    }
}

using GenieObservability.Engine.Schema;
using GenieObservability.Engine.Warehouse;

namespace GenieObservability.Engine.Tests.Analytics;

/// <summary>
/// Known data for the analytics queries, the same on every backend: two workspaces, four spaces, eleven questions in,
/// before and after a 7-day window ending <see cref="AsOf"/> (Monday 2026-06-15 12:00 UTC), fetch errors, silver
/// rows and runs. The expected figures in the tests are worked out by hand from these rows.
/// </summary>
internal static class AnalyticsSeed
{
    public const string W1 = "1001";
    public const string W2 = "2002";
    public const string S1 = "space-sales";
    public const string S2 = "space-support";
    public const string S3 = "space-finance";
    public const string S4 = "space-w2";
    public const string Hostile = "Why <script>alert('x')</script> & \"quotes\"?";

    public static readonly DateTime AsOf = new(2026, 6, 15, 12, 0, 0, DateTimeKind.Utc);

    public const int Days = 7;

    private static DateTime At(int month, int day, int hour) => new(2026, month, day, hour, 0, 0, DateTimeKind.Utc);

    /// <summary>message_details.statement_id (the first query attachment's); m03's was never looked up.</summary>
    private static readonly Dictionary<string, string> FirstStatements = new(StringComparer.Ordinal)
    {
        ["m01"] = "st01a",
        ["m03"] = "st03",
        ["m04"] = "st04",
        ["m05"] = "st05",
    };

    /// <summary>Installs the schema, a silver table like the pipeline's, and the rows.</summary>
    public static async Task SeedAsync(IWarehouse warehouse)
    {
        await ObservabilitySchema.InstallAsync(warehouse, _ => true, CancellationToken.None);
        var text = warehouse.Dialect switch
        {
            SqlDialect.Databricks => "STRING",
            SqlDialect.PostgreSql => "TEXT",
            _ => "VARCHAR",
        };
        await warehouse.ExecuteAsync($"CREATE TABLE {warehouse.Tables.MessagesToFetch} (workspace_id {text}, workspace_name {text}, space_id {text}, conversation_id {text}, message_id {text})");

        // message, workspace, space, conversation, email, user id, status, created, sql, error type, feedback, content
        (string Id, string Ws, string Space, string Conv, string? Email, long? UserId, string Status, DateTime? Created, string? Sql, string? ErrorType, string? Feedback, string Content)[] messages =
        [
            ("m01", W1, S1, "c1", "a@x.com", 1, "COMPLETED", At(6, 15, 10), "SELECT 1", null, "POSITIVE", "Revenue by region?"),
            ("m02", W1, S1, "c1", "a@x.com", 1, "COMPLETED", At(6, 14, 9), null, null, null, "And by month?"),
            ("m03", W1, S1, "c2", "b@x.com", 2, "FAILED", At(6, 14, 10), null, "WAREHOUSE_ACCESS_MISSING", null, "Orders yesterday?"),
            ("m04", W1, S1, "c3", "b@x.com", 2, "COMPLETED", At(6, 10, 8), "SELECT 4", null, "NEGATIVE", "Top customers?"),
            ("m05", W1, S2, "c4", null, 42, "EXECUTING_QUERY", At(6, 13, 7), null, null, null, "Open tickets?"),
            ("m06", W1, S2, "c4", null, 42, "CANCELLED", At(6, 13, 8), null, null, null, "Median resolution time?"),
            ("m07", W1, S2, "c5", "a@x.com", 1, "FAILED", null, null, null, null, Hostile),
            ("m08", W1, S1, "c6", "a@x.com", 1, "COMPLETED", At(6, 5, 9), "SELECT 8", null, null, "Previous window"),
            ("m09", W2, S4, "c7", "c@y.com", 3, "COMPLETED", At(6, 4, 9), "SELECT 9", null, null, "Other workspace"),
            ("m10", W1, S1, "c8", "a@x.com", 1, "COMPLETED", At(5, 1, 9), "SELECT 10", null, null, "Long ago"),
            ("m11", W1, S1, "c9", "a@x.com", 1, "COMPLETED", At(6, 15, 13), "SELECT 11", null, null, "After as_of"),
        ];
        var columns = ObservabilityTables.MessageDetails.ColumnNames;
        var rows = messages.Select(m =>
        {
            var row = new object?[columns.Count];
            void Set(string column, object? value) => row[columns.ToList().IndexOf(column)] = value;
            Set("workspace_id", m.Ws);
            Set("workspace_name", m.Ws == W1 ? "Contoso" : "Fabrikam");
            Set("space_id", m.Space);
            Set("space_name", m.Space == S2 ? "Support (stored)" : "stale name");
            Set("conversation_id", m.Conv);
            Set("message_id", m.Id);
            Set("user_id", m.UserId);
            Set("user_email", m.Email);
            Set("content", m.Content);
            Set("status", m.Status);
            Set("created_timestamp", m.Created);
            Set("audit_event_time", m.Created ?? At(6, 12, 11));
            Set("query_sql", m.Sql);
            Set("message_error_type", m.ErrorType);
            Set("message_error", m.ErrorType is null ? null : "The SQL warehouse is not accessible.");
            Set("feedback_rating", m.Feedback);
            Set("attachment_count", m.Sql is null ? 0 : 2);
            Set("statement_id", FirstStatements.GetValueOrDefault(m.Id));
            Set("ingestion_batch_id", "run-i");
            Set("ingestion_timestamp", At(6, 15, 11).AddMinutes(4));
            return row;
        }).ToList();
        await warehouse.UpsertAsync(warehouse.Tables.MessageDetails, ObservabilityTables.MessageDetails.Key, columns, rows);

        await warehouse.UpsertAsync(
            warehouse.Tables.SpaceDetails,
            ObservabilityTables.SpaceDetails.Key,
            ["workspace_id", "space_id", "title", "api_fetch_status"],
            [[W1, S1, "Sales", "OK"], [W1, S3, "Finance", "OK"]]);

        await warehouse.UpsertAsync(
            warehouse.Tables.MessageFetchErrors,
            ObservabilityTables.MessageFetchErrors.Key,
            ["workspace_id", "space_id", "message_id", "error_type", "http_status", "retry_count", "first_failed_at", "last_attempt_at", "resolved"],
            [
                [W1, S1, "m12", "NOT_FOUND", 404, 1, At(6, 14, 1), At(6, 14, 1), false],
                [W1, S2, "m13", "TIMEOUT", 504, 2, At(6, 13, 1), At(6, 14, 2), false],
                [W1, S2, "m14", "TIMEOUT", 504, 1, At(6, 13, 1), At(6, 13, 2), true],
                [W1, S1, "m15", "RATE_LIMITED", 429, 5, At(5, 1, 1), At(5, 2, 1), false],
            ]);

        foreach (var (ws, space, message) in new[] { (W1, S1, "m01"), (W1, S1, "m02"), (W1, S1, "m12"), (W1, S2, "m16"), (W2, S4, "m09") })
        {
            await warehouse.ExecuteAsync(
                $"INSERT INTO {warehouse.Tables.MessagesToFetch} (workspace_id, workspace_name, space_id, conversation_id, message_id) VALUES (:ws, :name, :space, :conv, :msg)",
                new Dictionary<string, object?> { ["ws"] = ws, ["name"] = ws == W1 ? "Contoso" : "Fabrikam", ["space"] = space, ["conv"] = "c", ["msg"] = message });
        }

        await warehouse.UpsertAsync(
            warehouse.Tables.IngestionRuns,
            ObservabilityTables.IngestionRuns.Key,
            ["run_id", "run_type", "status", "started_at", "finished_at", "window_end"],
            [
                ["r1", "PIPELINE_REFRESH", "SUCCEEDED", At(6, 1, 1), At(6, 1, 2), At(6, 1, 1)],
                ["r2", "PIPELINE_REFRESH", "SUCCEEDED", At(6, 15, 10).AddMinutes(50), At(6, 15, 11), At(6, 15, 10).AddMinutes(55)],
                ["r3", "MESSAGE_INGESTION", "SUCCEEDED", At(6, 15, 11), At(6, 15, 11).AddMinutes(5), null],
                ["r4", "JOB", "FAILED", At(6, 14, 3), At(6, 14, 4), null],
            ]);

        // Sales: two DONE runs before as_of (2 of 4, then 3 of 4), a newer RUNNING one and a DONE one after as_of (both
        // ignored); Finance: one DONE run without questions; Support: never evaluated.
        await warehouse.UpsertAsync(
            warehouse.Tables.EvalRuns,
            EvaluationTables.EvalRuns.Key,
            ["workspace_id", "space_id", "eval_run_id", "eval_run_status", "is_finished", "num_questions", "num_correct", "num_needs_review", "created_timestamp"],
            [
                [W1, S1, "e1", "DONE", true, 4L, 2L, 1L, At(5, 20, 9)],
                [W1, S1, "e2", "DONE", true, 4L, 3L, 0L, At(6, 12, 9)],
                [W1, S1, "e3", "RUNNING", false, 4L, 1L, 0L, At(6, 14, 9)],
                [W1, S1, "e4", "DONE", true, 4L, 4L, 0L, At(6, 15, 13)],
                [W1, S3, "e5", "DONE", true, 0L, 0L, 0L, At(6, 1, 9)],
            ]);

        // Statements of the questions. In the window, Sales: m01's two (FINISHED 1.2 s, FAILED 0.3 s), m04's (FINISHED
        // 5 s), m02's given up (NOT_AVAILABLE), m03's never looked up; Support: m05's not in history yet (PENDING,
        // RUNNING), m06's CANCELED 0.8 s, m07's FAILED 2.5 s. Outside it (slower, so a window that leaked would show
        // them first): m08 (previous window), m09 (W2, earlier), m11 (after as_of).
        await warehouse.UpsertAsync(
            warehouse.Tables.QueryMetrics,
            ObservabilityTables.QueryMetrics.Key,
            ["workspace_id", "statement_id", "space_id", "conversation_id", "message_id", "status", "total_duration_ms", "execution_duration_ms", "queue_duration_ms", "rows_produced", "bytes_read", "warehouse_id", "error_message", "start_time", "availability"],
            [
                [W1, "st01a", S1, "c1", "m01", "FINISHED", 1200L, 1000L, 100L, 10L, 2048L, "wh-1", null, At(6, 15, 10), "FOUND"],
                [W1, "st01b", S1, "c1", "m01", "FAILED", 300L, 250L, 0L, 0L, 0L, "wh-1", "[TABLE_OR_VIEW_NOT_FOUND] sales.orders", At(6, 15, 10), "FOUND"],
                [W1, "st04", S1, "c3", "m04", "FINISHED", 5000L, 4500L, 400L, 100L, 1_000_000L, "wh-2", null, At(6, 10, 8), "FOUND"],
                [W1, "st02", S1, "c1", "m02", null, null, null, null, null, null, null, null, null, "NOT_AVAILABLE"],
                [W1, "st05", S2, "c4", "m05", "RUNNING", null, null, null, null, null, "wh-1", null, At(6, 13, 7), "PENDING"],
                [W1, "st06", S2, "c4", "m06", "CANCELED", 800L, 700L, 50L, 0L, 0L, "wh-1", "Query was cancelled", At(6, 13, 8), "FOUND"],
                [W1, "st07", S2, "c5", "m07", "FAILED", 2500L, 2400L, 0L, 0L, 512L, "wh-1", "[DIVIDE_BY_ZERO] Division by zero", At(6, 12, 11), "FOUND"],
                [W1, "st08", S1, "c6", "m08", "FINISHED", 9000L, 9000L, 0L, 1L, 1L, "wh-1", null, At(6, 5, 9), "FOUND"],
                [W2, "st09", S4, "c7", "m09", "FINISHED", 7000L, 7000L, 0L, 1L, 1L, "wh-9", null, At(6, 4, 9), "FOUND"],
                [W1, "st11", S1, "c9", "m11", "FINISHED", 20000L, 20000L, 0L, 1L, 1L, "wh-1", null, At(6, 15, 13), "FOUND"],
            ]);
    }
}

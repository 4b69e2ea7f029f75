using System.Globalization;
using GenieObservability.Engine.Analytics;
using GenieObservability.Engine.Pipeline;
using GenieObservability.Engine.Warehouse;
using static GenieObservability.Engine.Tests.Analytics.AnalyticsSeed;

namespace GenieObservability.Engine.Tests.Analytics;

/// <summary>
/// Every query of sql/genie_observability_queries.sql and its DuckDB twin, run as shipped on each backend (the
/// embedded DuckDB file, PostgreSQL through unixODBC + psqlODBC, the Statement API emulator translating Databricks SQL)
/// over <see cref="AnalyticsSeed"/>, against figures worked out by hand.
/// </summary>
public abstract class AnalyticsQueryConformanceTests : IAsyncLifetime
{
    private IWarehouse? _warehouse;

    protected IWarehouse Warehouse => _warehouse ?? throw new InvalidOperationException("Not initialised.");

    protected abstract Task<IWarehouse> CreateWarehouseAsync();

    protected virtual Task DisposeBackendAsync() => Task.CompletedTask;

    public async Task InitializeAsync() => _warehouse = await CreateWarehouseAsync();

    public async Task DisposeAsync()
    {
        if (_warehouse is not null)
        {
            await _warehouse.DisposeAsync();
        }

        await DisposeBackendAsync();
    }

    private static AnalyticsWindow Window(params string[] workspaces) => new(AsOf, Days, workspaces);

    private static async Task<List<SqlRow>> Rows(AnalyticsSource source, string query, AnalyticsWindow window, Action<Dictionary<string, object?>>? more = null)
    {
        var parameters = window.Parameters();
        more?.Invoke(parameters);
        return await source.ReadAllAsync(query, parameters, CancellationToken.None);
    }

    private static long L(SqlRow row, string column) => row.GetCount(column);

    private static double? D(SqlRow row, string column) => row.GetDouble(column);

    private static string? T(SqlRow row, string column) => row.GetString(column);

    private static DateTime? Time(SqlRow row, string column) => row.GetTimestamp(column)?.UtcDateTime;

    [Fact]
    public async Task Space_evaluations_give_each_space_its_latest_done_run_and_the_one_before()
    {
        await SeedAsync(Warehouse);
        var source = new AnalyticsSource(Warehouse);
        await source.PrepareAsync(Window(), CancellationToken.None);

        var evaluations = await Rows(source, "space_evaluations", Window());
        Assert.Equal(["Finance:e5:1", "Sales:e2:2"], evaluations.Select(r => $"{T(r, "space_title")}:{T(r, "eval_run_id")}:{L(r, "done_runs")}"));
        var finance = evaluations[0];
        Assert.Null(D(finance, "accuracy"));
        Assert.Null(D(finance, "previous_accuracy"));
        var sales = evaluations[1];
        Assert.Equal(0.75, D(sales, "accuracy")!.Value, 9);
        Assert.Equal(0.5, D(sales, "previous_accuracy")!.Value, 9);
        Assert.Equal((4L, 3L, 0L), (L(sales, "num_questions"), L(sales, "num_correct"), L(sales, "num_needs_review")));
        Assert.Equal(new DateTime(2026, 6, 12, 9, 0, 0), Time(sales, "evaluated_at"));

        Assert.Empty(await Rows(source, "space_evaluations", Window(W2)));
        Assert.Equal(["Sales"], (await Rows(source, "space_evaluations", Window(), p => p["space_id_filter"] = S1)).Select(r => T(r, "space_title")));
    }

    private static string Performance(SqlRow r) => string.Join(
        ':',
        L(r, "statements"), L(r, "measured"), L(r, "finished"), L(r, "failed"), L(r, "canceled"), L(r, "pending"), L(r, "not_available"), L(r, "not_looked_up"));

    private static string Durations(SqlRow r) => string.Create(CultureInfo.InvariantCulture, $"{D(r, "median_duration_ms")}/{D(r, "p95_duration_ms")}/{D(r, "max_duration_ms")}");

    [Fact]
    public async Task Query_performance_counts_failed_and_canceled_statements_against_measured_ones_only()
    {
        await SeedAsync(Warehouse);
        var source = new AnalyticsSource(Warehouse);
        await source.PrepareAsync(Window(), CancellationToken.None);
        Task<List<SqlRow>> By(string groupBy, AnalyticsWindow? window = null) => Rows(source, "query_performance", window ?? Window(), p => p["group_by"] = groupBy);

        // Window: Sales 1200 FINISHED, 300 FAILED, 5000 FINISHED, one NOT_AVAILABLE, one not looked up; Support one
        // PENDING (RUNNING), 800 CANCELED, 2500 FAILED. Measured [300, 800, 1200, 2500, 5000]: p95 = 2500 + 0.8 * 2500.
        var all = Assert.Single(await By("all"));
        Assert.Equal("7:5:2:2:1:1:1:1", Performance(all));
        Assert.Equal(0.6, D(all, "failure_share")!.Value, 9);
        Assert.Equal("1200/4500/5000", Durations(all));
        Assert.Null(T(all, "space_id"));
        Assert.Null(Time(all, "period_start"));

        var spaces = await By("space");
        Assert.Equal(["Support (stored):3:2:0:1:1:1:0:0", "Sales:4:3:2:1:0:0:1:1"], spaces.Select(r => $"{T(r, "space_title")}:{Performance(r)}"));
        Assert.Equal(1.0, D(spaces[0], "failure_share")!.Value, 9);
        Assert.Equal(1.0 / 3, D(spaces[1], "failure_share")!.Value, 9);
        Assert.Equal(["1650/2415/2500", "1200/4620/5000"], spaces.Select(Durations));
        Assert.Equal([W1, W1], spaces.Select(r => T(r, "workspace_id")));

        var weeks = await By("week");
        Assert.Equal(["2026-06-08:5:3:1:1:1:1:1:1", "2026-06-15:2:2:1:1:0:0:0:0"], weeks.Select(r => $"{Time(r, "period_start"):yyyy-MM-dd}:{Performance(r)}"));
        Assert.Equal(["2500/4750/5000", "750/1155/1200"], weeks.Select(Durations));
        var days = await By("day");
        Assert.Equal(["2026-06-10:1", "2026-06-12:1", "2026-06-13:2", "2026-06-14:2", "2026-06-15:2"], days.Select(r => $"{Time(r, "period_start"):yyyy-MM-dd}:{L(r, "statements") + L(r, "not_looked_up")}"));
        Assert.Equal(["2026-06-01:7"], (await By("month")).Select(r => $"{Time(r, "period_start"):yyyy-MM-dd}:{L(r, "statements")}"));

        var users = await By("user");
        Assert.Equal(["user 42:2:1", "a@x.com:4:3", "b@x.com:1:1"], users.Select(r => $"{T(r, "user_name")}:{L(r, "statements")}:{L(r, "measured")}"));
        Assert.Equal([1.0, Math.Round(2.0 / 3, 9), 0.0], users.Select(r => Math.Round(D(r, "failure_share")!.Value, 9)));
        Assert.Equal([$"{W1}:7:5"], (await By("workspace")).Select(r => $"{T(r, "workspace_id")}:{L(r, "statements")}:{L(r, "measured")}"));

        // Only Support; the other workspace has no statement in the window (m09's is older): no row, not a row of zeros.
        var support = Assert.Single(await By("space", new AnalyticsWindow(AsOf, Days, [W1], [S2])));
        Assert.Equal(S2, T(support, "space_id"));
        Assert.Empty(await By("all", Window(W2)));
    }

    [Fact]
    public async Task Slowest_queries_list_measured_statements_of_the_window_with_their_question()
    {
        await SeedAsync(Warehouse);
        var source = new AnalyticsSource(Warehouse);
        await source.PrepareAsync(Window(), CancellationToken.None);
        Task<List<SqlRow>> Slowest(int limit, string statuses = "", AnalyticsWindow? window = null) =>
            Rows(source, "slowest_queries", window ?? Window(), p => (p["row_limit"], p["status_filter"]) = (limit, statuses));

        var slowest = await Slowest(10);
        Assert.Equal(["st04:5000", "st07:2500", "st01a:1200", "st06:800", "st01b:300"], slowest.Select(r => $"{T(r, "statement_id")}:{L(r, "total_duration_ms")}"));
        var top = slowest[0];
        Assert.Equal(("Top customers?", "Sales", "b@x.com", "FINISHED", "SELECT 4"), (T(top, "question"), T(top, "space_title"), T(top, "user_name"), T(top, "status"), T(top, "query_sql")));
        Assert.Equal((4500L, 400L, 100L, 1_000_000L, "wh-2"), (L(top, "execution_duration_ms"), L(top, "queue_duration_ms"), L(top, "rows_produced"), L(top, "bytes_read"), T(top, "warehouse_id")));
        Assert.Equal(new DateTime(2026, 6, 10, 8, 0, 0), Time(top, "asked_at"));
        Assert.Equal(new DateTime(2026, 6, 10, 8, 0, 0), Time(top, "start_time"));
        Assert.Equal((Hostile, "[DIVIDE_BY_ZERO] Division by zero", "m07"), (T(slowest[1], "question"), T(slowest[1], "error_message"), T(slowest[1], "message_id")));
        Assert.Equal("SELECT 1", T(slowest[2], "query_sql"));
        Assert.Null(T(slowest[4], "query_sql"));

        Assert.Equal(["st04", "st07"], (await Slowest(2)).Select(r => T(r, "statement_id")));
        Assert.Equal(["st07", "st06", "st01b"], (await Slowest(10, "failed,CANCELED")).Select(r => T(r, "statement_id")));
        Assert.Equal(["st07", "st06"], (await Slowest(10, window: new AnalyticsWindow(AsOf, Days, [], [S2]))).Select(r => T(r, "statement_id")));
        Assert.Empty(await Slowest(10, window: Window(W2)));
        Assert.Equal(["st11", "st04"], (await Slowest(2, window: new AnalyticsWindow(AsOf.AddDays(1), Days))).Select(r => T(r, "statement_id")));
    }

    private static async Task<List<T>> All<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items)
        {
            list.Add(item);
        }

        return list;
    }

    [Fact]
    public async Task Usage_rows_carry_the_query_performance_of_their_group_and_the_slowest_statements_read_as_typed_rows()
    {
        await SeedAsync(Warehouse);
        var source = new AnalyticsSource(Warehouse);
        var usage = new UsageReader(source);

        var spaces = await All(usage.ReadAsync(GenieUsageGrouping.Space, Window(), CancellationToken.None));
        Assert.Equal(["Sales:4:3:1:0:0:1:1", "Support (stored):3:2:1:1:1:0:0"], spaces.Select(u => $"{u.Key}:{u.QueryStatements}:{u.QueriesMeasured}:{u.QueriesFailed}:{u.QueriesCanceled}:{u.QueriesPending}:{u.QueriesNotAvailable}:{u.QueriesNotLookedUp}"));
        Assert.Equal(1.0 / 3, spaces[0].QueryFailureShare!.Value, 9);
        Assert.Equal((1200.0, 4620.0), (spaces[0].QueryDurationMedianMs!.Value, spaces[0].QueryDurationP95Ms!.Value));
        Assert.Equal(1.0, spaces[1].QueryFailureShare!.Value, 9);

        var weeks = await All(usage.ReadAsync(GenieUsageGrouping.Week, Window(), CancellationToken.None));
        Assert.Equal(["2026-06-08:5:3", "2026-06-15:2:2"], weeks.Select(u => $"{u.Key}:{u.QueryStatements}:{u.QueriesMeasured}"));
        Assert.Equal(0.5, weeks[1].QueryFailureShare!.Value, 9);
        var users = await All(usage.ReadAsync(GenieUsageGrouping.User, Window(), CancellationToken.None));
        Assert.Equal(["a@x.com:3", "b@x.com:1", "user 42:1"], users.Select(u => $"{u.Key}:{u.QueriesMeasured}"));
        var workspace = Assert.Single(await All(usage.ReadAsync(GenieUsageGrouping.Workspace, Window(), CancellationToken.None)));
        Assert.Equal((7L, 5L, 0.6), (workspace.QueryStatements!.Value, workspace.QueriesMeasured!.Value, Math.Round(workspace.QueryFailureShare!.Value, 9)));

        // A month with questions but no statement (May: m10 only): counts of 0 and no share, not a 0% failure share.
        var months = await All(usage.ReadAsync(GenieUsageGrouping.Month, new AnalyticsWindow(AsOf, 60), CancellationToken.None));
        Assert.Equal(["2026-05:0", "2026-06:9"], months.Select(u => $"{u.Key}:{u.QueryStatements}"));
        var quiet = months[0];
        Assert.Equal((1L, 0L, 0L), (quiet.Questions, quiet.QueriesMeasured!.Value, quiet.QueriesNotLookedUp!.Value));
        Assert.Null(quiet.QueryFailureShare);
        Assert.Null(quiet.QueryDurationMedianMs);

        var reader = new QueryMetricReader(source);
        var slowest = await All(reader.ReadAsync(new QueryMetricQuery { Window = Window(), First = 3 }, CancellationToken.None));
        Assert.Equal(["st04", "st07", "st01a"], slowest.Select(m => m.StatementId));
        var top = slowest[0];
        Assert.Equal(("Top customers?", "Sales", "b@x.com", "FINISHED", false, 5000L), (top.Question, top.SpaceTitle, top.User, top.Status, top.Failed, top.TotalDurationMs));
        Assert.Equal(("SELECT 4", 400L, 1_000_000L, "wh-2", "m04", "c3"), (top.Sql, top.QueueDurationMs!.Value, top.BytesRead!.Value, top.WarehouseId, top.MessageId, top.ConversationId));
        Assert.Equal((Hostile, true, "[DIVIDE_BY_ZERO] Division by zero"), (slowest[1].Question, slowest[1].Failed, slowest[1].Error));
        Assert.Equal(["st07", "st06", "st01b"], (await All(reader.ReadAsync(new QueryMetricQuery { Window = Window(), Statuses = ["failed", " Canceled "] }, CancellationToken.None))).Select(m => m.StatementId));
        var bad = await Assert.ThrowsAsync<GenieObservabilityException>(() => All(reader.ReadAsync(new QueryMetricQuery { Window = Window(), Statuses = ["RUNNING"] }, CancellationToken.None)));
        Assert.Equal("InvalidStatus", bad.ErrorId);

        // A warehouse without the table: the usage rows leave every query column empty, the listing says what to run.
        await Warehouse.ExecuteAsync($"DROP TABLE {Warehouse.Tables.QueryMetrics}");
        var without = new AnalyticsSource(Warehouse);
        var sales = (await All(new UsageReader(without).ReadAsync(GenieUsageGrouping.Space, Window(), CancellationToken.None)))[0];
        Assert.Equal((4L, (long?)null, (long?)null, (double?)null), (sales.Questions, sales.QueryStatements, sales.QueriesMeasured, sales.QueryFailureShare));
        var missing = await Assert.ThrowsAsync<GenieObservabilityException>(() => All(new QueryMetricReader(without).ReadAsync(new QueryMetricQuery { Window = Window() }, CancellationToken.None)));
        Assert.Equal("QueryMetricsTableMissing", missing.ErrorId);
        Assert.Contains("Sync-GenieQueryMetric", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_query_gives_the_known_figures()
    {
        await SeedAsync(Warehouse);
        var source = new AnalyticsSource(Warehouse);
        var all = Window();
        await source.PrepareAsync(all, CancellationToken.None);

        var known = await Rows(source, "known_workspaces", all);
        Assert.Equal([W1, W2], known.Select(r => T(r, "workspace_id")));
        Assert.Equal([10L, 1L], known.Select(r => L(r, "questions")));
        Assert.Equal([2L, 0L], known.Select(r => L(r, "spaces")));

        var kpis = (await Rows(source, "kpis", all)).ToDictionary(r => T(r, "period")!);
        var current = kpis["current"];
        Assert.Equal(7, L(current, "questions"));
        Assert.Equal(5, L(current, "conversations"));
        Assert.Equal(3, L(current, "users"));
        Assert.Equal(2, L(current, "active_spaces"));
        Assert.Equal((3L, 2L, 1L), (L(current, "answered"), L(current, "answered_sql"), L(current, "answered_text")));
        Assert.Equal((2L, 1L, 1L), (L(current, "failed"), L(current, "cancelled"), L(current, "pending")));
        Assert.Equal(0.5, D(current, "answer_rate")!.Value, 9);
        Assert.Equal((2L, 1L, 1L), (L(current, "rated"), L(current, "positive"), L(current, "negative")));
        Assert.Equal(0.5, D(current, "satisfaction")!.Value, 9);
        var previous = kpis["previous"];
        Assert.Equal((2L, 2L, 2L), (L(previous, "questions"), L(previous, "users"), L(previous, "active_spaces")));
        Assert.Equal(1.0, D(previous, "answer_rate")!.Value, 9);
        Assert.Null(D(previous, "satisfaction"));

        var days = await Rows(source, "usage_by_period", all, p => p["period"] = "day");
        Assert.Equal(["2026-06-10:1", "2026-06-12:1", "2026-06-13:2", "2026-06-14:2", "2026-06-15:1"], days.Select(r => $"{Time(r, "period_start"):yyyy-MM-dd}:{L(r, "questions")}"));
        var weeks = await Rows(source, "usage_by_period", all, p => p["period"] = "week");
        Assert.Equal(["2026-06-08:6:3", "2026-06-15:1:1"], weeks.Select(r => $"{Time(r, "period_start"):yyyy-MM-dd}:{L(r, "questions")}:{L(r, "users")}"));
        var months = await Rows(source, "usage_by_period", all, p => p["period"] = "month");
        Assert.Equal(["2026-06-01:7"], months.Select(r => $"{Time(r, "period_start"):yyyy-MM-dd}:{L(r, "questions")}"));

        var spaces = await Rows(source, "usage_by_space", all);
        Assert.Equal(["Sales", "Support (stored)"], spaces.Select(r => T(r, "space_title")));
        Assert.Equal([4L, 3L], spaces.Select(r => L(r, "questions")));
        Assert.Equal([2L, 2L], spaces.Select(r => L(r, "users")));
        Assert.Equal(0.75, D(spaces[0], "answer_rate")!.Value, 9);
        Assert.Equal(0.0, D(spaces[1], "answer_rate")!.Value, 9);
        Assert.Equal("Contoso", T(spaces[0], "workspace_name"));
        Assert.Equal(new DateTime(2026, 6, 15, 10, 0, 0), Time(spaces[0], "last_question_at"));
        Assert.Null(D(spaces[1], "satisfaction"));

        var users = await Rows(source, "usage_by_user", all);
        Assert.Equal(["a@x.com:3:2", "b@x.com:2:1", "user 42:2:1"], users.Select(r => $"{T(r, "user_name")}:{L(r, "questions")}:{L(r, "spaces")}"));

        var workspaces = await Rows(source, "usage_by_workspace", all);
        Assert.Equal([$"{W1}:7:2:3"], workspaces.Select(r => $"{T(r, "workspace_id")}:{L(r, "questions")}:{L(r, "spaces")}:{L(r, "users")}"));

        var daily = await Rows(source, "space_daily_questions", all);
        Assert.Equal(
            [$"2026-06-10:{S1}:1", $"2026-06-12:{S2}:1", $"2026-06-13:{S2}:2", $"2026-06-14:{S1}:2", $"2026-06-15:{S1}:1"],
            daily.Select(r => $"{Time(r, "day"):yyyy-MM-dd}:{T(r, "space_id")}:{L(r, "questions")}"));

        var outcomes = await Rows(source, "outcome_by_space", all);
        Assert.Equal(["Sales:4:2:1:1:0:0", "Support (stored):3:0:0:1:1:1"], outcomes.Select(r => $"{T(r, "space_title")}:{L(r, "questions")}:{L(r, "answered_sql")}:{L(r, "answered_text")}:{L(r, "failed")}:{L(r, "cancelled")}:{L(r, "pending")}"));

        var reasons = await Rows(source, "failure_reasons", all);
        Assert.Equal(["Sales:WAREHOUSE_ACCESS_MISSING:1", "Support (stored):UNKNOWN:1"], reasons.Select(r => $"{T(r, "space_title")}:{T(r, "error_type")}:{L(r, "failures")}"));

        var fetchBySpace = await Rows(source, "fetch_errors_by_space", all);
        Assert.Equal([$"{S2}:3:1:0", $"{S1}:4:1:1"], fetchBySpace.Select(r => $"{T(r, "space_id")}:{L(r, "stored")}:{L(r, "fetch_errors")}:{L(r, "permanent_errors")}"));
        Assert.Equal(0.25, D(fetchBySpace[0], "fetch_error_rate")!.Value, 9);
        Assert.Equal(0.2, D(fetchBySpace[1], "fetch_error_rate")!.Value, 9);

        var fetchByType = await Rows(source, "fetch_errors_by_type", all);
        Assert.Equal(["NOT_FOUND:404:1:1", "RATE_LIMITED:429:1:0", "TIMEOUT:504:1:0"], fetchByType.Select(r => $"{T(r, "error_type")}:{L(r, "http_status")}:{L(r, "messages")}:{L(r, "permanent")}"));

        var worklist = await Rows(source, "worklist", all, p => p["row_limit"] = 100);
        Assert.Equal(["m03:FAILED", "m06:CANCELLED", "m07:FAILED", "m04:RATED_NEGATIVE"], worklist.Select(r => $"{T(r, "message_id")}:{T(r, "reason")}"));
        Assert.Equal(Hostile, T(worklist[2], "question"));
        Assert.Equal("Support (stored)", T(worklist[2], "space_title"));
        Assert.Single(await Rows(source, "worklist", all, p => p["row_limit"] = 1));

        var idle = await Rows(source, "idle_spaces", all);
        Assert.Equal(["Finance:", "stale name:2026-06-04"], idle.Select(r => $"{T(r, "space_title")}:{Time(r, "last_question_at"):yyyy-MM-dd}"));

        var coverage = await Rows(source, "coverage", all);
        Assert.Equal([$"{W1}:4:2:1:1", $"{W2}:1:1:0:0"], coverage.Select(r => $"{T(r, "workspace_id")}:{L(r, "silver_messages")}:{L(r, "fetched")}:{L(r, "errored")}:{L(r, "not_fetched")}"));

        var fresh = Assert.Single(await Rows(source, "freshness", all));
        Assert.Equal(new DateTime(2026, 6, 15, 11, 0, 0), Time(fresh, "last_refresh_at"));
        Assert.Equal(new DateTime(2026, 6, 15, 10, 55, 0), Time(fresh, "audit_data_to"));
        Assert.Equal(new DateTime(2026, 6, 15, 11, 5, 0), Time(fresh, "last_ingestion_at"));
        Assert.Equal(new DateTime(2026, 6, 15, 11, 4, 0), Time(fresh, "last_stored_at"));
        Assert.Equal(new DateTime(2026, 6, 15, 13, 0, 0), Time(fresh, "latest_question_at"));
        Assert.Equal((1L, 11L), (L(fresh, "failed_runs"), L(fresh, "stored_questions")));
    }

    [Fact]
    public async Task Filters_narrow_every_query_and_questions_stream_with_their_text()
    {
        await SeedAsync(Warehouse);
        var source = new AnalyticsSource(Warehouse);
        var w2 = Window(W2);
        await source.PrepareAsync(w2, CancellationToken.None);
        Assert.DoesNotContain(await Rows(source, "kpis", w2), r => T(r, "period") == "current");
        Assert.Equal(1, L(Assert.Single(await Rows(source, "kpis", w2)), "questions"));
        Assert.Equal([S4], (await Rows(source, "idle_spaces", w2)).Select(r => T(r, "space_id")));

        var onlySupport = new AnalyticsWindow(AsOf, Days, [W1], [S2]);
        Assert.Equal(3, L(Assert.Single(await Rows(source, "usage_by_space", onlySupport)), "questions"));
        Assert.Equal(3, L(Assert.Single(await Rows(source, "outcome_by_space", onlySupport)), "questions"));

        // Pages of 2, 20, ...: the cursor from one page to the next runs on every backend.
        var reader = new QuestionReader(source, new ManualClock(AsOf)) { FirstPageSize = 2 };
        async Task<List<GenieQuestion>> Ask(QuestionQuery query)
        {
            var list = new List<GenieQuestion>();
            await foreach (var question in reader.ReadAsync(query, CancellationToken.None))
            {
                list.Add(question);
            }

            return list;
        }

        var everything = await Ask(new QuestionQuery());
        Assert.Equal(["m11", "m01", "m03", "m02", "m06", "m05", "m07", "m04", "m08", "m09", "m10"], everything.Select(q => q.MessageId));
        var hostile = everything.Single(q => q.MessageId == "m07");
        Assert.Equal(Hostile, hostile.Question);
        Assert.Equal(("FAILED", "FAILED", false), (hostile.Status, hostile.Outcome, hostile.Answered));
        Assert.Equal(new DateTimeOffset(2026, 6, 12, 11, 0, 0, TimeSpan.Zero), hostile.AskedAt);
        Assert.Equal(("Sales", "SELECT 1", "a@x.com", 2), (everything[1].SpaceTitle, everything[1].Sql, everything[1].User, everything[1].AttachmentCount));
        Assert.Equal("user 42", everything.Single(q => q.MessageId == "m05").User);

        Assert.Equal(["m03", "m06", "m05", "m07"], (await Ask(new QuestionQuery { UnansweredOnly = true })).Select(q => q.MessageId));
        Assert.Equal(["m03", "m07"], (await Ask(new QuestionQuery { Statuses = ["failed"] })).Select(q => q.MessageId));
        Assert.Equal(["m07"], (await Ask(new QuestionQuery { Search = "<SCRIPT>" })).Select(q => q.MessageId));
        Assert.Equal(["m03"], (await Ask(new QuestionQuery { Search = "not accessible" })).Select(q => q.MessageId));
        Assert.Empty(await Ask(new QuestionQuery { Search = "%" }));
        Assert.Equal(["m03", "m04"], (await Ask(new QuestionQuery { User = "B@X.COM" })).Select(q => q.MessageId));
        Assert.Equal(["m06", "m05"], (await Ask(new QuestionQuery { User = "42" })).Select(q => q.MessageId));
        Assert.Equal(["m11", "m01"], (await Ask(new QuestionQuery { First = 2 })).Select(q => q.MessageId));
        Assert.Equal(["m11", "m01", "m03"], (await Ask(new QuestionQuery { First = 3 })).Select(q => q.MessageId));
        Assert.Equal(["m11", "m01", "m03", "m02"], (await Ask(new QuestionQuery { Since = new DateTimeOffset(2026, 6, 14, 0, 0, 0, TimeSpan.Zero) })).Select(q => q.MessageId));
        Assert.Equal(["m09"], (await Ask(new QuestionQuery { WorkspaceIds = [W2] })).Select(q => q.MessageId));
        Assert.Equal(["m06", "m05", "m07"], (await Ask(new QuestionQuery { SpaceIds = [S2] })).Select(q => q.MessageId));

        var usage = new UsageReader(source);
        var bySpace = new List<GenieUsage>();
        await foreach (var row in usage.ReadAsync(GenieUsageGrouping.Space, Window(), CancellationToken.None))
        {
            bySpace.Add(row);
        }

        Assert.Equal(["Sales", "Support (stored)"], bySpace.Select(u => u.Key));
        Assert.Equal((4L, 3L, 1L, 0.75), (bySpace[0].Questions, bySpace[0].Answered, bySpace[0].Failed, bySpace[0].AnswerRate!.Value));
        var byWeek = new List<GenieUsage>();
        await foreach (var row in usage.ReadAsync(GenieUsageGrouping.Week, Window(), CancellationToken.None))
        {
            byWeek.Add(row);
        }

        Assert.Equal(["2026-06-08", "2026-06-15"], byWeek.Select(u => u.Key));
    }

    [Fact]
    public async Task Missing_tables_and_unknown_workspaces_fail_with_what_to_do()
    {
        var source = new AnalyticsSource(Warehouse);
        var missing = await Assert.ThrowsAsync<GenieObservabilityException>(() => source.PrepareAsync(Window(), CancellationToken.None));
        Assert.Equal("AnalyticsTablesMissing", missing.ErrorId);
        Assert.Contains("Install-GenieObservabilitySchema", missing.Message, StringComparison.Ordinal);
        Assert.Contains("message_details", missing.Message, StringComparison.Ordinal);

        await SeedAsync(Warehouse);
        var unknown = await Assert.ThrowsAsync<GenieObservabilityException>(() => source.PrepareAsync(Window(W1, "999"), CancellationToken.None));
        Assert.Equal("UnknownWorkspace", unknown.ErrorId);
        Assert.Contains("999", unknown.Message, StringComparison.Ordinal);
        Assert.Contains($"{W1} (Contoso)", unknown.Message, StringComparison.Ordinal);
    }
}

public sealed class DuckDbAnalyticsQueryTests : AnalyticsQueryConformanceTests, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("genie-analytics-").FullName;

    protected override Task<IWarehouse> CreateWarehouseAsync() =>
        Task.FromResult<IWarehouse>(new DuckDbWarehouse(Path.Combine(_directory, "analytics.duckdb")));

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}

public sealed class OdbcAnalyticsQueryTests(Warehouse.PostgresServer server) : AnalyticsQueryConformanceTests, IClassFixture<Warehouse.PostgresServer>
{
    protected override async Task<IWarehouse> CreateWarehouseAsync()
    {
        // One server for the class: each test gets a schema of its own.
        var warehouse = new OdbcWarehouse(server.ConnectionString, SqlDialect.PostgreSql, schema: "analytics_" + Guid.NewGuid().ToString("N")[..8]);
        await Task.CompletedTask;
        return warehouse;
    }
}

public sealed class StatementApiAnalyticsQueryTests : AnalyticsQueryConformanceTests
{
    private GenieObservability.Emulator.WorkspaceEmulator? _emulator;
    private WorkspaceSession? _session;

    protected override async Task<IWarehouse> CreateWarehouseAsync()
    {
        _emulator = await GenieObservability.Emulator.WorkspaceEmulator.StartAsync();
        _emulator.State.Tokens.AddStaticToken("dapi-analytics");
        _session = new WorkspaceSession(_emulator.BaseAddress, TestTokens.Pat("dapi-analytics"));
        return new StatementApiWarehouse(_session, "wh-1") { PollInterval = TimeSpan.FromMilliseconds(5) };
    }

    protected override async Task DisposeBackendAsync()
    {
        _session?.Dispose();
        if (_emulator is not null)
        {
            await _emulator.DisposeAsync();
        }
    }
}

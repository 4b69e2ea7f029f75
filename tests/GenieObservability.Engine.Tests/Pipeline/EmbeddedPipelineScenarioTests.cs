using GenieObservability.Engine.Pipeline;
using static GenieObservability.Engine.Tests.Pipeline.PipelineTestBed;

namespace GenieObservability.Engine.Tests.Pipeline;

/// <summary>The invariants of the audit stage, on the embedded engine with generated audit data.</summary>
public sealed class EmbeddedPipelineScenarioTests
{
    [Fact]
    public async Task A_seven_day_gap_between_two_Auto_runs_loses_nothing()
    {
        await using var bed = await CreateAsync();
        var t0 = bed.Clock.UtcNow;
        await bed.ImportAsync([new AuditEvent(WorkspaceA, t0.AddHours(-1), "s1", "c1", "m-before")]);
        var first = await bed.RefreshAsync(GeniePipelineMode.Auto);
        Assert.Equal(GeniePipelineMode.Initial, first.EffectiveMode);

        // Nobody runs the job for a week; messages keep arriving every 6 hours.
        var during = Enumerable.Range(1, 28).Select(i => new AuditEvent(WorkspaceA, t0.AddHours(6 * i).AddMinutes(-1), "s1", "c" + i, "m-gap-" + i)).ToList();
        await bed.ImportAsync(during);
        bed.Clock.Advance(TimeSpan.FromDays(7));

        var second = await bed.RefreshAsync(GeniePipelineMode.Auto);

        Assert.Equal(GeniePipelineMode.Auto, second.EffectiveMode);
        Assert.Equal(first.WindowEnd - LoadModePlanner.DefaultOverlap, second.WindowStart);
        var silver = await bed.SilverMessageIdsAsync();
        Assert.All(during, e => Assert.Contains(e.MessageId!, silver));
        // m-before (an hour before the first run's end) is read again through the overlap: silver is deduplicated, so that costs nothing.
        Assert.Equal(29, second.SilverRows);
    }

    [Fact]
    public async Task An_audit_row_arriving_two_hours_late_is_found_by_the_next_Auto_run()
    {
        await using var bed = await CreateAsync();
        var t0 = bed.Clock.UtcNow;
        await bed.ImportAsync([new AuditEvent(WorkspaceA, t0.AddMinutes(-10), "s1", "c1", "m-on-time")]);
        await bed.RefreshAsync(GeniePipelineMode.Auto);

        // Its event_time is before the run that covered that time, but it reached the audit table only afterwards.
        await bed.ImportAsync([new AuditEvent(WorkspaceA, t0.AddHours(-2), "s1", "c2", "m-late")]);
        bed.Clock.Advance(TimeSpan.FromMinutes(30));
        var next = await bed.RefreshAsync(GeniePipelineMode.Auto);

        Assert.Contains("m-late", await bed.SilverMessageIdsAsync());
        Assert.True(next.WindowStart <= new DateTimeOffset(t0.AddHours(-2), TimeSpan.Zero));
    }

    [Fact]
    public async Task Incremental_excludes_other_services_other_workspaces_and_failed_responses_inside_the_window()
    {
        await using var bed = await CreateAsync();
        var t = bed.Clock.UtcNow.AddMinutes(-5);
        await bed.ImportAsync(
        [
            new AuditEvent(WorkspaceA, t, "s1", "c1", "m-genie"),
            new AuditEvent(WorkspaceA, t, "s1", "c1", "m-other-service", Service: "notebook", Action: "runCommand"),
            new AuditEvent(WorkspaceB, t, "s9", "c9", "m-other-workspace"),
            new AuditEvent(WorkspaceA, t, "s1", "c1", "m-status-500", Status: 500),
            new AuditEvent(WorkspaceA, t, "s1", "c1", "m-other-action", Action: "createConversationMessage"),
            new AuditEvent(WorkspaceA, t, "new", "c1", "m-space-new"),
            new AuditEvent(WorkspaceA, t, "s1", null, "m-no-conversation"),
            new AuditEvent(WorkspaceA, t.AddMinutes(-90), "s1", "c1", "m-before-window"),
        ]);

        var run = await bed.RefreshAsync(GeniePipelineMode.Incremental, minutes: 30, workspaces: WorkspaceA);

        Assert.Equal(["m-genie"], await bed.SilverMessageIdsAsync());
        Assert.Equal(1, run.BronzeRows);
        var validation = (await bed.QueryAsync("SELECT * FROM genie_analytics.genie_pipeline_validation")).Single();
        Assert.Equal(6L, validation["audit_rows_in_window"]);
        Assert.Equal(1L, validation["rows_missing_ids"]);
        Assert.Equal(30, validation["configured_lookback_minutes"]);
    }

    [Fact]
    public async Task Both_action_name_variants_count()
    {
        await using var bed = await CreateAsync();
        var t = bed.Clock.UtcNow.AddMinutes(-5);
        await bed.ImportAsync(
        [
            new AuditEvent(WorkspaceA, t, "s1", "c1", "m-legacy", Action: "getConversationMessage"),
            new AuditEvent(WorkspaceA, t, "s1", "c1", "m-prefixed", Action: "genieGetConversationMessage"),
        ]);

        await bed.RefreshAsync(GeniePipelineMode.Incremental, minutes: 30);

        Assert.Equal(new HashSet<string> { "m-legacy", "m-prefixed" }, await bed.SilverMessageIdsAsync());
    }

    [Fact]
    public async Task A_message_seen_five_times_is_one_silver_row_holding_the_latest_event()
    {
        await using var bed = await CreateAsync();
        var t = bed.Clock.UtcNow.AddHours(-3);
        await bed.ImportAsync(Enumerable.Range(0, 5).Select(i =>
            new AuditEvent(WorkspaceA, t.AddMinutes(i * 10), "s1", "c1", "m1", Email: $"user{i}@example.com")));

        var run = await bed.RefreshAsync(GeniePipelineMode.Initial, days: 2);

        var silver = (await bed.QueryAsync("SELECT * FROM genie_analytics.genie_messages_to_fetch")).Single();
        Assert.Equal(t.AddMinutes(40), silver["event_time"]);
        Assert.Equal("user4@example.com", silver["user_email"]);
        Assert.Equal(5L, silver["event_count"]);
        Assert.Equal(UrlA, silver["workspace_url"]);
        Assert.Equal(5, run.BronzeRows);
        Assert.Equal(1, run.SilverRows);
    }

    [Fact]
    public async Task The_same_message_id_in_two_workspaces_is_kept_twice()
    {
        await using var bed = await CreateAsync();
        var t = bed.Clock.UtcNow.AddHours(-1);
        await bed.ImportAsync([new AuditEvent(WorkspaceA, t, "s1", "c1", "m1"), new AuditEvent(WorkspaceB, t, "s2", "c2", "m1")]);

        var run = await bed.RefreshAsync(GeniePipelineMode.Initial, days: 1);

        Assert.Equal(2, run.SilverRows);
    }

    [Fact]
    public async Task Space_metrics_count_distinct_conversations_messages_and_users()
    {
        await using var bed = await CreateAsync();
        var t = bed.Clock.UtcNow.AddHours(-5);
        await bed.ImportAsync(
        [
            new AuditEvent(WorkspaceA, t, "s1", "c1", "m1", Email: "ana@example.com"),
            new AuditEvent(WorkspaceA, t.AddMinutes(1), "s1", "c1", "m1", Email: "ana@example.com"),
            new AuditEvent(WorkspaceA, t.AddMinutes(2), "s1", "c1", "m2", Email: "ana@example.com"),
            new AuditEvent(WorkspaceA, t.AddMinutes(3), "s1", "c2", "m3", Email: "bo@example.com"),
            // Bo also opens Ana's message: a third user is not invented, but Bo counts once.
            new AuditEvent(WorkspaceA, t.AddMinutes(4), "s1", "c1", "m2", Email: "bo@example.com"),
            new AuditEvent(WorkspaceA, t.AddMinutes(5), "s1", "c3", "m4", Email: "cy@example.com"),
            new AuditEvent(WorkspaceA, t.AddMinutes(6), "s2", "c9", "m9", Email: "ana@example.com"),
        ]);

        await bed.RefreshAsync(GeniePipelineMode.Initial, days: 1);

        var metrics = await bed.QueryAsync("SELECT * FROM genie_analytics.genie_space_metrics ORDER BY space_id");
        Assert.Equal(2, metrics.Count);
        var s1 = metrics[0];
        Assert.Equal("s1", s1["space_id"]);
        Assert.Equal(3L, s1["conversation_count"]);
        Assert.Equal(4L, s1["message_count"]);
        Assert.Equal(3L, s1["user_count"]);
        Assert.Equal(t, s1["first_event_time"]);
        Assert.Equal(t.AddMinutes(5), s1["last_event_time"]);
        Assert.Equal(1L, metrics[1]["user_count"]);
    }

    [Fact]
    public async Task Both_audit_shapes_give_identical_silver_tables()
    {
        var t = new DateTime(2026, 11, 20, 9, 0, 0, DateTimeKind.Utc);
        var events = Enumerable.Range(0, 40).Select(i => new AuditEvent(
            i % 3 == 0 ? WorkspaceB : WorkspaceA,
            t.AddMinutes(i * 7 % 50).AddMilliseconds(i * 37),
            "s" + (i % 4),
            "c" + (i % 9),
            "m" + (i % 17),
            Email: $"user{i % 5}@example.com",
            Action: i % 2 == 0 ? "getConversationMessage" : "genieGetConversationMessage",
            Status: i % 13 == 5 ? 404 : 200)).ToList();

        await using var systemTable = await CreateAsync("system");
        await using var delivered = await CreateAsync("delivered");
        var fromRows = await systemTable.ImportAsync(events);
        var fromLogs = await delivered.ImportAsync(events, delivered: true);
        await systemTable.RefreshAsync(GeniePipelineMode.Initial, days: 3);
        await delivered.RefreshAsync(GeniePipelineMode.Initial, days: 3);

        Assert.Equal(40, fromRows.SystemTableRows);
        Assert.Equal(40, fromLogs.DeliveredLogRows);
        var expected = await systemTable.SilverLinesAsync();
        Assert.NotEmpty(expected);
        Assert.Equal(expected, await delivered.SilverLinesAsync());
    }

    [Fact]
    public async Task A_refresh_replaces_the_tables_atomically_and_a_second_identical_refresh_gives_the_same_tables()
    {
        await using var bed = await CreateAsync();
        var t = bed.Clock.UtcNow.AddHours(-1);
        await bed.ImportAsync([new AuditEvent(WorkspaceA, t, "s1", "c1", "m1"), new AuditEvent(WorkspaceA, t, "s1", "c1", "m2")]);
        await bed.RefreshAsync(GeniePipelineMode.Initial, days: 1);
        var before = await bed.SilverLinesAsync();

        await bed.RefreshAsync(GeniePipelineMode.Initial, days: 1);

        Assert.Equal(before, await bed.SilverLinesAsync());
        var runs = await bed.QueryAsync("SELECT status, run_type, bronze_rows, silver_rows FROM genie_analytics.genie_ingestion_runs");
        Assert.Equal(2, runs.Count);
        Assert.All(runs, r => Assert.Equal("SUCCEEDED", r["status"]));
        Assert.All(runs, r => Assert.Equal(PipelineRunStore.RunType, r["run_type"]));
        Assert.All(runs, r => Assert.Equal(2L, r["silver_rows"]));
    }

    [Fact]
    public async Task A_run_with_no_audit_rows_succeeds_with_empty_tables()
    {
        await using var bed = await CreateAsync();

        var run = await bed.RefreshAsync(GeniePipelineMode.Auto);

        Assert.Equal("SUCCEEDED", run.Status);
        Assert.Equal(0, run.SilverRows);
        Assert.Equal(0, run.BronzeRows);
    }
}

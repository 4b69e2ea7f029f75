using GenieObservability.Engine.Pipeline;
using GenieObservability.Engine.Schema;
using GenieObservability.Engine.Warehouse;
using static GenieObservability.Engine.Tests.Pipeline.PipelineTestBed;

namespace GenieObservability.Engine.Tests.Pipeline;

public sealed class MessagesToFetchTests
{
    private static readonly string[] DetailColumns = ["workspace_id", "workspace_url", "space_id", "conversation_id", "message_id", "status", "created_timestamp", "user_email"];
    private static readonly string[] ErrorColumns = ["workspace_id", "workspace_url", "space_id", "conversation_id", "message_id", "error_type", "retry_count", "resolved", "last_attempt_at"];

    [Fact]
    public async Task New_Retry_and_Pending_follow_the_rules_and_never_overlap()
    {
        await using var bed = await CreateAsync();
        var now = bed.Clock.UtcNow;
        var t = now.AddHours(-1);
        await bed.ImportAsync(new[] { "new-1", "stored", "pending", "transient", "permanent", "exhausted", "resolved" }
            .Select(m => new AuditEvent(WorkspaceA, t, "s1", "c1", m)));
        await bed.RefreshAsync(GeniePipelineMode.Initial, days: 1);

        await bed.Warehouse.UpsertAsync(bed.Warehouse.Tables.MessageDetails, ["workspace_id", "message_id"], DetailColumns,
        [
            [WorkspaceA, UrlA, "s1", "c1", "stored", "COMPLETED", now.AddHours(-1), "a@x"],
            [WorkspaceA, UrlA, "s1", "c1", "pending", "EXECUTING_QUERY", now.AddHours(-1), "a@x"],
            [WorkspaceA, UrlA, "s1", "c1", "pending-too-old", "ASKING_AI", now.AddDays(-3), "a@x"],
            [WorkspaceA, UrlA, "s1", "c1", "resolved", "COMPLETED", now.AddHours(-1), "a@x"],
            [WorkspaceB, UrlB, "s2", "c2", "pending-b", "SUBMITTED", now.AddHours(-2), "b@x"],
        ]);
        await bed.Warehouse.UpsertAsync(bed.Warehouse.Tables.MessageFetchErrors, ["workspace_id", "message_id"], ErrorColumns,
        [
            [WorkspaceA, UrlA, "s1", "c1", "transient", GenieApiErrorType.RateLimited, 2, false, now.AddMinutes(-30)],
            [WorkspaceA, UrlA, "s1", "c1", "permanent", GenieApiErrorType.NotFound, 1, false, now.AddMinutes(-30)],
            [WorkspaceA, UrlA, "s1", "c1", "exhausted", GenieApiErrorType.ServerError, 5, false, now.AddMinutes(-30)],
            [WorkspaceA, UrlA, "s1", "c1", "resolved", GenieApiErrorType.Timeout, 1, true, now.AddMinutes(-30)],
        ]);

        var items = await ReadAsync(bed, new MessagesToFetchQuery());

        var byId = items.ToDictionary(i => i.MessageId);
        Assert.Equal(items.Count, byId.Count);
        Assert.Equal(new HashSet<string> { "new-1", "transient", "pending", "pending-b" }, byId.Keys.ToHashSet());
        Assert.Equal(GenieMessageToFetch.ReasonNew, byId["new-1"].Reason);
        Assert.Equal(UrlA, byId["new-1"].WorkspaceUrl);
        Assert.Equal(new DateTimeOffset(t, TimeSpan.Zero), byId["new-1"].EventTime);
        Assert.Equal(GenieMessageToFetch.ReasonRetry, byId["transient"].Reason);
        Assert.Equal(2, byId["transient"].RetryCount);
        Assert.Equal(GenieMessageToFetch.ReasonPending, byId["pending"].Reason);

        var filtered = await ReadAsync(bed, new MessagesToFetchQuery { WorkspaceIds = [WorkspaceB] });
        Assert.Equal(["pending-b"], filtered.Select(i => i.MessageId));
        var bySpace = await ReadAsync(bed, new MessagesToFetchQuery { SpaceIds = ["s1"], MaxRetries = 6 });
        Assert.Contains(bySpace, i => i.MessageId == "exhausted");
        Assert.DoesNotContain(bySpace, i => i.MessageId == "pending-b");
    }

    [Fact]
    public Task Missing_tables_count_as_empty() => WithEmptyWarehouseAsync(async warehouse =>
    {
        var log = new RecordingLog();

        var items = await ReadAsync(warehouse, new MessagesToFetchQuery(), log);

        Assert.Empty(items);
        Assert.Contains(log.Warnings, w => w.Contains("Invoke-GeniePipelineRefresh", StringComparison.Ordinal));
    });

    [Fact]
    public async Task A_message_whose_workspace_failed_is_retried_past_MaxRetries_until_MaxRetryAge_after_its_first_failure()
    {
        await using var bed = await CreateAsync();
        var now = bed.Clock.UtcNow;
        string[] columns = [.. ErrorColumns, "first_failed_at"];
        await bed.Warehouse.UpsertAsync(bed.Warehouse.Tables.MessageFetchErrors, ["workspace_id", "message_id"], columns,
        [
            [WorkspaceA, UrlA, "s1", "c1", "unreachable-many-runs", GenieApiErrorType.WorkspaceUnreachable, 7, false, now.AddMinutes(-30), now.AddDays(-29)],
            [WorkspaceA, UrlA, "s1", "c1", "unreachable-too-old", GenieApiErrorType.WorkspaceUnreachable, 0, false, now.AddMinutes(-30), now.AddDays(-31)],
            [WorkspaceA, UrlA, "s1", "c1", "no-token", GenieApiErrorType.NoToken, 0, false, now.AddMinutes(-30), now.AddHours(-24)],
            [WorkspaceA, UrlA, "s1", "c1", "rejected", GenieApiErrorType.CredentialRejected, 2, false, now.AddMinutes(-30), now.AddHours(-3)],
            [WorkspaceA, UrlA, "s1", "c1", "own-failures-used-up", GenieApiErrorType.ServerError, 5, false, now.AddMinutes(-30), now.AddHours(-3)],
            [WorkspaceA, UrlA, "s1", "c1", "own-failure", GenieApiErrorType.Timeout, 4, false, now.AddMinutes(-30), now.AddHours(-3)],
            [WorkspaceA, UrlA, "s1", "c1", "deleted", GenieApiErrorType.NotFound, 1, false, now.AddMinutes(-30), now.AddHours(-3)],
        ]);

        var items = (await ReadAsync(bed, new MessagesToFetchQuery { IncludeNew = false, IncludePending = false })).ToDictionary(i => i.MessageId);

        Assert.Equal(new HashSet<string> { "unreachable-many-runs", "no-token", "rejected", "own-failure" }, items.Keys.ToHashSet());
        Assert.Equal(GenieApiErrorType.WorkspaceUnreachable, items["unreachable-many-runs"].ErrorType);
        Assert.Equal(7, items["unreachable-many-runs"].RetryCount);
        var longer = await ReadAsync(bed, new MessagesToFetchQuery { IncludeNew = false, IncludePending = false, MaxRetryAge = TimeSpan.FromDays(40) });
        Assert.Contains(longer, i => i.MessageId == "unreachable-too-old");
    }

    [Fact]
    public Task A_warehouse_written_by_the_old_rule_gets_the_messages_its_workspace_failures_gave_up_back_once() => WithEmptyWarehouseAsync(async warehouse =>
    {
        // What the earlier version installed: the same tables, message_fetch_errors without failure_scope.
        await warehouse.ExecuteAsync(ObservabilitySchema.SchemaDdl(warehouse.Dialect, warehouse.Tables));
        foreach (var table in ObservabilityTables.All)
        {
            var before = table.Columns.Where(c => c.Name != ObservabilityTables.FailureScopeColumn).ToList();
            await warehouse.ExecuteAsync(ObservabilitySchema.TableDdl(warehouse.Dialect, warehouse.Tables, table with { Columns = before }));
        }

        var at = DateTime.UtcNow.AddHours(-3);
        string[] columns = ["workspace_id", "workspace_url", "space_id", "conversation_id", "message_id", "error_type", "http_status", "retry_count", "resolved", "first_failed_at", "last_attempt_at"];
        await warehouse.UpsertAsync(warehouse.Tables.MessageFetchErrors, ["workspace_id", "message_id"], columns,
        [
            // Given up by the old rule because the workspace failed:
            [WorkspaceB, UrlB, "s2", "c2", "no-token", GenieApiErrorType.NoToken, null, 5, false, at, at],
            [WorkspaceB, UrlB, "s2", "c2", "reset", GenieApiErrorType.ServerError, null, 5, false, at, at],
            [WorkspaceB, UrlB, "s2", "c2", "connect-timeout", GenieApiErrorType.Timeout, null, 6, false, at, at],
            [WorkspaceB, UrlB, "s2", "c2", "throttled", GenieApiErrorType.RateLimited, 429, 5, false, at, at],
            [WorkspaceB, UrlB, "s2", "c2", "refused-token", GenieApiErrorType.AuthError, 401, 5, false, at, at],
            // The message's own failures, which stay as they are:
            [WorkspaceA, UrlA, "s1", "c1", "own-500", GenieApiErrorType.ServerError, 500, 5, false, at, at],
            [WorkspaceA, UrlA, "s1", "c1", "deleted", GenieApiErrorType.NotFound, 404, 1, false, at, at],
            [WorkspaceA, UrlA, "s1", "c1", "resolved", GenieApiErrorType.ServerError, null, 2, true, at, at],
        ]);
        var retryOnly = new MessagesToFetchQuery { IncludeNew = false, IncludePending = false };
        // Workspace error types are retried whatever their count; the connection failures the old rule recorded as
        // the message's (no HTTP status), and its 401s, only come back with the upgrade.
        Assert.Equal(new HashSet<string> { "no-token", "throttled" }, (await ReadAsync(warehouse, retryOnly)).Select(i => i.MessageId).ToHashSet());

        var upgrade = (await ObservabilitySchema.InstallAsync(warehouse, _ => true, CancellationToken.None)).Single(r => r.ObjectType == "Upgrade");

        Assert.Equal(SchemaObjectStatus.Applied, upgrade.Status);
        Assert.Equal(5, upgrade.RowsChanged);
        Assert.Equal(0, Convert.ToInt64(await ScalarAsync(warehouse, $"SELECT count(*) FROM {warehouse.Tables.MessageFetchErrors} WHERE failure_scope IS NULL"), System.Globalization.CultureInfo.InvariantCulture));
        var offered = (await ReadAsync(warehouse, retryOnly)).ToDictionary(i => i.MessageId);
        Assert.Equal(new HashSet<string> { "no-token", "reset", "connect-timeout", "throttled", "refused-token" }, offered.Keys.ToHashSet());
        Assert.All(offered.Values, i => Assert.Equal(0, i.RetryCount));
        Assert.Equal(GenieApiErrorType.WorkspaceUnreachable, offered["reset"].ErrorType);
        Assert.Equal(GenieApiErrorType.WorkspaceUnreachable, offered["connect-timeout"].ErrorType);
        Assert.Equal(GenieApiErrorType.NoToken, offered["no-token"].ErrorType);
        Assert.Equal(GenieApiErrorType.AuthError, offered["refused-token"].ErrorType);

        // Once: a later install finds the column and changes nothing, not even a row it would have matched.
        await warehouse.UpsertAsync(warehouse.Tables.MessageFetchErrors, ["workspace_id", "message_id"], columns,
            [[WorkspaceA, UrlA, "s1", "c1", "own-reset", GenieApiErrorType.ServerError, null, 5, false, at, at]]);
        var again = (await ObservabilitySchema.InstallAsync(warehouse, _ => true, CancellationToken.None)).Single(r => r.ObjectType == "Upgrade");
        Assert.Equal(SchemaObjectStatus.Exists, again.Status);
        Assert.DoesNotContain(await ReadAsync(warehouse, retryOnly), i => i.MessageId == "own-reset");
    });

    private static Task<List<GenieMessageToFetch>> ReadAsync(PipelineTestBed bed, MessagesToFetchQuery query) =>
        ReadAsync(bed.Warehouse, query, bed.Log, bed.Clock);

    private static async Task<List<GenieMessageToFetch>> ReadAsync(IWarehouse warehouse, MessagesToFetchQuery query, RecordingLog? log = null, TimeProvider? clock = null)
    {
        var items = new List<GenieMessageToFetch>();
        await foreach (var item in new MessagesToFetchReader(warehouse, clock).ReadAsync(query, log ?? new RecordingLog(), CancellationToken.None))
        {
            items.Add(item);
        }

        return items;
    }

    private static async Task<object?> ScalarAsync(DuckDbWarehouse warehouse, string sql)
    {
        await foreach (var row in warehouse.QueryAsync(sql))
        {
            return row[0];
        }

        return null;
    }

    /// <summary>A DuckDB file in a folder of its own, with nothing installed.</summary>
    private static async Task WithEmptyWarehouseAsync(Func<DuckDbWarehouse, Task> test)
    {
        var directory = Directory.CreateTempSubdirectory("genie-pipeline-").FullName;
        try
        {
            await using var warehouse = new DuckDbWarehouse(Path.Combine(directory, "empty.duckdb"));
            await test(warehouse);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}

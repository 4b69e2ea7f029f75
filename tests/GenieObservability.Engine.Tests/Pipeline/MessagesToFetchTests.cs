using GenieObservability.Engine.Pipeline;
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
    public async Task Missing_tables_count_as_empty()
    {
        var directory = Directory.CreateTempSubdirectory("genie-pipeline-").FullName;
        try
        {
            await using var warehouse = new DuckDbWarehouse(Path.Combine(directory, "empty.duckdb"));
            var log = new RecordingLog();

            var items = new List<GenieMessageToFetch>();
            await foreach (var item in new MessagesToFetchReader(warehouse).ReadAsync(new MessagesToFetchQuery(), log, CancellationToken.None))
            {
                items.Add(item);
            }

            Assert.Empty(items);
            Assert.Contains(log.Warnings, w => w.Contains("Invoke-GeniePipelineRefresh", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task<List<GenieMessageToFetch>> ReadAsync(PipelineTestBed bed, MessagesToFetchQuery query)
    {
        var items = new List<GenieMessageToFetch>();
        await foreach (var item in new MessagesToFetchReader(bed.Warehouse, bed.Clock).ReadAsync(query, bed.Log, CancellationToken.None))
        {
            items.Add(item);
        }

        return items;
    }
}

using System.Text.Json.Nodes;
using GenieObservability.Engine.Ingestion;
using GenieObservability.Engine.Pipeline;
using GenieObservability.Engine.Tests.Ingestion;

namespace GenieObservability.Engine.Tests.Pipeline;

/// <summary>Reconciliation against the emulator's conversation lists and a DuckDB file the audit path filled in part.</summary>
public sealed class MessageReconcilerTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Since = DateTimeOffset.FromUnixTimeMilliseconds(1_763_000_000_000L - 1000);
    private IngestionHarness _harness = null!;

    public async Task InitializeAsync()
    {
        _harness = await IngestionHarness.StartAsync();
        await _harness.Warehouse.ExecuteAsync(
            "CREATE TABLE IF NOT EXISTS genie_analytics.genie_messages_to_fetch (workspace_id VARCHAR, workspace_name VARCHAR, workspace_url VARCHAR, space_id VARCHAR, conversation_id VARCHAR, message_id VARCHAR, user_email VARCHAR, event_time TIMESTAMP, event_date DATE, action_name VARCHAR, event_count BIGINT)");
    }

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task A_message_the_audit_log_never_named_is_offered_once_imported_once_and_then_no_longer_offered()
    {
        for (var n = 1; n <= 25; n++)
        {
            _harness.SeedMessage(n);
        }

        // The audit path knows 1-20 (silver), and has stored 1-10; 21-25 never reached the audit log.
        var url = _harness.Emulator.BaseAddress.GetLeftPart(UriPartial.Authority);
        for (var n = 1; n <= 20; n++)
        {
            await _harness.Warehouse.ExecuteAsync(
                "INSERT INTO genie_analytics.genie_messages_to_fetch (workspace_id, workspace_url, space_id, conversation_id, message_id) VALUES (:w, :u, :s, :c, :m)",
                new Dictionary<string, object?> { ["w"] = IngestionHarness.WorkspaceId, ["u"] = url, ["s"] = IngestionHarness.SpaceId, ["c"] = IngestionHarness.ConversationId(n), ["m"] = IngestionHarness.MessageId(n) });
        }

        await _harness.Ingestor().RunAsync(IngestionHarness.Stream(Enumerable.Range(1, 10).Select(n => _harness.Item(n))), CancellationToken.None);

        var log = new RecordingLog();
        var (offered, counts) = await ReconcileAsync(log);

        Assert.Equal(Enumerable.Range(21, 5).Select(IngestionHarness.MessageId), offered.Select(o => o.MessageId).Order(StringComparer.Ordinal));
        Assert.All(offered, o => Assert.Equal((GenieMessageToFetch.ReasonReconciliation, IngestionHarness.WorkspaceId, url), (o.Reason, o.WorkspaceId, o.WorkspaceUrl)));
        Assert.Equal((25, 5, 3), (counts.MessagesListed, counts.MessagesMissed, counts.Conversations));
        Assert.Contains(log.Warnings, w => w.Contains("5 of 25 messages", StringComparison.Ordinal));
        Assert.Contains(_harness.Emulator.State.Requests.Entries, r => r.Path.EndsWith("/conversations", StringComparison.Ordinal) && r.Query.Contains("include_all=true", StringComparison.Ordinal));

        var items = offered.Select(o => new MessageFetchItem(o.WorkspaceId, new Uri(o.WorkspaceUrl!), null, o.SpaceId, o.ConversationId, o.MessageId, o.EventTime, o.UserEmail, o.Reason));
        var summary = await _harness.Ingestor().RunAsync(IngestionHarness.Stream(items), CancellationToken.None);
        Assert.Equal(5, summary.Stored);
        Assert.Equal(1, await _harness.CountAsync("SELECT count(*) FROM genie_analytics.message_details WHERE message_id = :m", new Dictionary<string, object?> { ["m"] = IngestionHarness.MessageId(23) }));

        var (again, secondCounts) = await ReconcileAsync(new RecordingLog());
        Assert.Empty(again);
        Assert.Equal((25, 0), (secondCounts.MessagesListed, secondCounts.MessagesMissed));
        Assert.Equal(15, await _harness.CountAsync("SELECT count(*) FROM genie_analytics.message_details"));
    }

    [Fact]
    public async Task Agent_conversations_and_conversations_before_the_start_date_are_skipped_and_a_failing_space_is_counted()
    {
        _harness.SeedMessage(1);
        _harness.Emulator.State.Genie.UpsertConversation(IngestionHarness.Json(new JsonObject { ["space_id"] = IngestionHarness.SpaceId, ["conversation_id"] = "agent-1", ["agent_type"] = "GENIE_CONVERSATION_TYPE_AGENT", ["created_timestamp"] = 1_763_000_000_000L }));
        _harness.Emulator.State.Genie.UpsertMessage(IngestionHarness.Json(new JsonObject { ["space_id"] = IngestionHarness.SpaceId, ["conversation_id"] = "old-1", ["message_id"] = "old-message", ["content"] = "Old?", ["created_timestamp"] = 1_600_000_000_000L }));
        var log = new RecordingLog();

        var (offered, counts) = await ReconcileAsync(log, [IngestionHarness.SpaceId, "missing-space"]);

        Assert.Equal([IngestionHarness.MessageId(1)], offered.Select(o => o.MessageId));
        Assert.Equal((1, 1, 2, 1), (counts.AgentConversationsSkipped, counts.SpacesFailed, counts.Spaces, counts.Conversations));
        Assert.DoesNotContain(_harness.Emulator.State.Requests.Entries, r => r.Path.Contains("/agent-1/", StringComparison.Ordinal) || r.Path.Contains("/old-1/", StringComparison.Ordinal));
        Assert.Contains(log.Warnings, w => w.Contains("1 agent conversations skipped", StringComparison.Ordinal) && w.Contains("1 spaces", StringComparison.Ordinal));

        await Assert.ThrowsAsync<GenieObservabilityException>(() => ReconcileAsync(new RecordingLog(), ["missing-space"]));
    }

    private async Task<(List<GenieMessageToFetch> Offered, ReconciliationCounts Counts)> ReconcileAsync(RecordingLog log, IReadOnlyList<string>? spaces = null)
    {
        var counts = new ReconciliationCounts();
        var reconciler = new MessageReconciler(_harness.Warehouse, _harness.Session.Genie(), log);
        var offered = new List<GenieMessageToFetch>();
        await foreach (var item in reconciler.ReadAsync(new ReconciliationQuery { SpaceIds = spaces ?? [IngestionHarness.SpaceId], Since = Since }, counts, CancellationToken.None))
        {
            offered.Add(item);
        }

        return (offered, counts);
    }
}

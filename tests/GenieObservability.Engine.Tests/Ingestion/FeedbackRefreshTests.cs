using System.Globalization;
using System.Text.Json.Nodes;
using GenieObservability.Engine.Ingestion;
using GenieObservability.Engine.Pipeline;
using GenieObservability.Engine.Tests.Pipeline;

namespace GenieObservability.Engine.Tests.Ingestion;

/// <summary>
/// Feedback and comments given after a message was stored: audit feedback/comment events go through the embedded
/// pipeline (bronze/silver), Get-GenieMessagesToFetch offers the stored message again (Reason Feedback), and the import
/// updates it in place with its comments, against the emulator over HTTP and a real DuckDB file.
/// </summary>
public sealed class FeedbackRefreshTests
{
    private static readonly DateTime T0 = new(2026, 11, 20, 9, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task A_rating_changed_after_storage_is_updated_on_the_next_run_with_its_comments_once()
    {
        await using var h = await IngestionHarness.StartAsync();
        using var flow = new Flow(h);
        h.SeedMessage(1);
        h.SeedMessage(2);
        var m1 = IngestionHarness.MessageId(1);

        await flow.AuditAsync(new AuditEvent(IngestionHarness.WorkspaceId, T0, IngestionHarness.SpaceId, IngestionHarness.ConversationId(1), m1),
            new AuditEvent(IngestionHarness.WorkspaceId, T0, IngestionHarness.SpaceId, IngestionHarness.ConversationId(2), IngestionHarness.MessageId(2)));
        var first = await flow.ToFetchAsync();
        Assert.All(first, i => Assert.Equal(GenieMessageToFetch.ReasonNew, i.Reason));
        Assert.All(first, i => Assert.Null(i.FeedbackEventTime));
        await flow.IngestAsync(first);
        Assert.Null((await h.RowAsync("genie_analytics.message_details", m1))["feedback_rating"]);
        Assert.Empty(await flow.ToFetchAsync());

        // The user rates the answer down with a comment, and a reviewer comments: the comment event names no conversation.
        h.Emulator.State.Genie.SetFeedback(IngestionHarness.SpaceId, IngestionHarness.ConversationId(1), m1, "NEGATIVE", "Wrong region");
        h.Emulator.State.GenieComments.Create(IngestionHarness.SpaceId, IngestionHarness.ConversationId(1), m1, "Wrong region", 4201);
        h.Emulator.State.GenieComments.Create(IngestionHarness.SpaceId, IngestionHarness.ConversationId(1), m1, "Please check the filter", 4300);
        var rated = T0.AddHours(2);
        await flow.AuditAsync(
            new AuditEvent(IngestionHarness.WorkspaceId, rated, IngestionHarness.SpaceId, IngestionHarness.ConversationId(1), m1, Action: "updateConversationMessageFeedback", FeedbackRating: "THUMBS_DOWN"),
            new AuditEvent(IngestionHarness.WorkspaceId, rated.AddMinutes(5), IngestionHarness.SpaceId, null, m1, Email: "reviewer@contoso.com", Action: "createConversationMessageComment"));

        var second = Assert.Single(await flow.ToFetchAsync());
        Assert.Equal(GenieMessageToFetch.ReasonFeedback, second.Reason);
        Assert.Equal(m1, second.MessageId);
        Assert.Equal(IngestionHarness.ConversationId(1), second.ConversationId);
        Assert.Equal(new DateTimeOffset(rated.AddMinutes(5)), second.FeedbackEventTime);
        Assert.Equal("ana@example.com", second.UserEmail);
        var summary = await flow.IngestAsync([second]);
        Assert.Equal(1, summary.FeedbackRefreshed);
        Assert.Equal(2, summary.CommentsStored);

        Assert.Equal(2, await h.CountAsync("SELECT COUNT(*) FROM genie_analytics.message_details"));
        var row = await h.RowAsync("genie_analytics.message_details", m1);
        Assert.Equal("NEGATIVE", row["feedback_rating"]);
        Assert.Equal("ana@example.com", row["user_email"]);
        var feedback = await h.RowAsync("genie_analytics.message_feedback", m1);
        Assert.Equal("NEGATIVE", feedback["feedback_rating"]);
        Assert.Equal("Wrong region", feedback["feedback_comment"]);
        Assert.Equal(2, Convert.ToInt32(feedback["comment_count"], CultureInfo.InvariantCulture));
        Assert.Equal(rated.AddMinutes(5), feedback["last_feedback_event_time"]);
        Assert.Equal(2, await h.CountAsync("SELECT COUNT(*) FROM genie_analytics.message_comments WHERE message_id = :m", new Dictionary<string, object?> { ["m"] = m1 }));

        // Nothing new in the audit log: nothing offered; offering it again anyway stores the comments once.
        Assert.Empty(await flow.ToFetchAsync());
        await flow.IngestAsync([second]);
        Assert.Equal(2, await h.CountAsync("SELECT COUNT(*) FROM genie_analytics.message_comments"));
        Assert.Equal(2, await h.CountAsync("SELECT COUNT(*) FROM genie_analytics.message_details"));

        // Changed to thumbs up later, one comment deleted: updated in place, the deleted comment gone.
        h.Emulator.State.Genie.SetFeedback(IngestionHarness.SpaceId, IngestionHarness.ConversationId(1), m1, "POSITIVE", null);
        var reviewerComment = h.Emulator.State.GenieComments.List(IngestionHarness.SpaceId, IngestionHarness.ConversationId(1), m1).Single(c => (string?)c["content"] == "Please check the filter");
        h.Emulator.State.GenieComments.Delete((string)reviewerComment["message_comment_id"]!);
        await flow.AuditAsync(new AuditEvent(IngestionHarness.WorkspaceId, T0.AddDays(1), IngestionHarness.SpaceId, IngestionHarness.ConversationId(1), m1, Action: "updateConversationMessageFeedback", FeedbackRating: "THUMBS_UP"));
        var third = Assert.Single(await flow.ToFetchAsync());
        Assert.Equal(GenieMessageToFetch.ReasonFeedback, third.Reason);
        await flow.IngestAsync([third]);
        Assert.Equal("POSITIVE", (await h.RowAsync("genie_analytics.message_details", m1))["feedback_rating"]);
        Assert.Equal("POSITIVE", (await h.RowAsync("genie_analytics.message_feedback", m1))["feedback_rating"]);
        Assert.Equal(1, await h.CountAsync("SELECT COUNT(*) FROM genie_analytics.message_comments"));
        Assert.Equal(2, await h.CountAsync("SELECT COUNT(*) FROM genie_analytics.message_details"));
        Assert.Empty(await flow.ToFetchAsync());
    }

    [Fact]
    public async Task Feedback_in_the_same_window_as_the_first_fetch_does_not_offer_the_message_twice()
    {
        await using var h = await IngestionHarness.StartAsync();
        using var flow = new Flow(h);
        var message = h.SeedMessage(3);
        message["feedback"] = new JsonObject { ["rating"] = "POSITIVE" };
        h.Emulator.State.Genie.UpsertMessage(IngestionHarness.Json(message));
        var m3 = IngestionHarness.MessageId(3);
        await flow.AuditAsync(
            new AuditEvent(IngestionHarness.WorkspaceId, T0, IngestionHarness.SpaceId, IngestionHarness.ConversationId(3), m3),
            new AuditEvent(IngestionHarness.WorkspaceId, T0.AddMinutes(1), IngestionHarness.SpaceId, IngestionHarness.ConversationId(3), m3, Action: "genieSendMessageFeedback", FeedbackRating: "POSITIVE"));

        var item = Assert.Single(await flow.ToFetchAsync());
        Assert.Equal(GenieMessageToFetch.ReasonNew, item.Reason);
        Assert.Equal(new DateTimeOffset(T0.AddMinutes(1)), item.FeedbackEventTime);
        await flow.IngestAsync([item]);

        Assert.Equal("POSITIVE", (await h.RowAsync("genie_analytics.message_feedback", m3))["feedback_rating"]);
        Assert.Empty(await flow.ToFetchAsync());

        // Silver: one row for the message, its latest message event kept as the row's event, the feedback counted.
        var silver = await h.RowAsync("genie_analytics.genie_messages_to_fetch", m3);
        Assert.Equal("getConversationMessage", silver["action_name"]);
        Assert.Equal(1L, Convert.ToInt64(silver["feedback_event_count"], CultureInfo.InvariantCulture));
        Assert.Equal(1L, await h.CountAsync("SELECT message_count FROM genie_analytics.genie_space_metrics"));
    }

    [Fact]
    public async Task Comments_that_cannot_be_read_for_now_leave_the_message_offered_for_the_next_run()
    {
        await using var h = await IngestionHarness.StartAsync();
        using var flow = new Flow(h);
        h.SeedMessage(4);
        var m4 = IngestionHarness.MessageId(4);
        await flow.AuditAsync(new AuditEvent(IngestionHarness.WorkspaceId, T0, IngestionHarness.SpaceId, IngestionHarness.ConversationId(4), m4));
        await flow.IngestAsync(await flow.ToFetchAsync());
        await flow.AuditAsync(new AuditEvent(IngestionHarness.WorkspaceId, T0.AddHours(1), IngestionHarness.SpaceId, null, m4, Action: "createConversationMessageComment"));
        h.Emulator.State.Faults.Add(new GenieObservability.Emulator.FaultRule { Method = "GET", PathPattern = "/comments$", Status = 503 });

        var log = new RecordingLog();
        var summary = await flow.IngestAsync(await flow.ToFetchAsync(), log);
        Assert.Equal(1, summary.CommentFetchesFailed);
        Assert.Equal(1, summary.Stored);
        Assert.Single(log.Warnings, w => w.Contains("comments of 1 stored message", StringComparison.Ordinal));

        h.Emulator.State.Faults.Clear();
        var again = Assert.Single(await flow.ToFetchAsync());
        Assert.Equal(GenieMessageToFetch.ReasonFeedback, again.Reason);
        await flow.IngestAsync([again]);
        Assert.Empty(await flow.ToFetchAsync());
    }

    [Fact]
    public async Task A_comments_api_that_is_forbidden_does_not_offer_the_message_on_every_run()
    {
        await using var h = await IngestionHarness.StartAsync();
        using var flow = new Flow(h);
        var message = h.SeedMessage(5);
        message["feedback"] = new JsonObject { ["rating"] = "NEGATIVE" };
        h.Emulator.State.Genie.UpsertMessage(IngestionHarness.Json(message));
        var m5 = IngestionHarness.MessageId(5);
        h.Emulator.State.Faults.Add(new GenieObservability.Emulator.FaultRule { Method = "GET", PathPattern = "/comments$", Status = 403 });
        await flow.AuditAsync(
            new AuditEvent(IngestionHarness.WorkspaceId, T0, IngestionHarness.SpaceId, IngestionHarness.ConversationId(5), m5),
            new AuditEvent(IngestionHarness.WorkspaceId, T0.AddMinutes(3), IngestionHarness.SpaceId, IngestionHarness.ConversationId(5), m5, Action: "updateConversationMessageFeedback", FeedbackRating: "THUMBS_DOWN"));

        var summary = await flow.IngestAsync(await flow.ToFetchAsync());
        Assert.Equal(1, summary.CommentFetchesFailed);
        var feedback = await h.RowAsync("genie_analytics.message_feedback", m5);
        Assert.Equal("NEGATIVE", feedback["feedback_rating"]);
        Assert.Null(feedback["comment_count"]);
        Assert.Empty(await flow.ToFetchAsync());
    }

    /// <summary>Audit import, embedded refresh, messages to fetch and ingestion on the harness's warehouse and emulator.</summary>
    private sealed class Flow(IngestionHarness h) : IDisposable
    {
        private readonly ManualClock _clock = new(T0.AddDays(2));
        private readonly string _directory = Directory.CreateTempSubdirectory("genie-feedback-").FullName;
        private int _files;

        public void Dispose() => Directory.Delete(_directory, recursive: true);

        public async Task AuditAsync(params AuditEvent[] events)
        {
            var path = Path.Combine(_directory, $"audit-{++_files}.jsonl");
            await File.WriteAllLinesAsync(path, events.Select(e => e.ToSystemTableLine()));
            await new AuditLogImporter(h.Warehouse, NullOperationLog.Instance).ImportAsync(
                [path], new Dictionary<string, string> { [IngestionHarness.WorkspaceId] = h.Emulator.BaseAddress.ToString() }, _ => { }, CancellationToken.None);
            var refresher = new PipelineRefresher(new PipelineRunStore(h.Warehouse), new EmbeddedPipelineEngine(h.Warehouse), _clock);
            var outcome = await refresher.RefreshAsync(new RefreshRequest(GeniePipelineMode.Initial, 7, null, null, []), NullOperationLog.Instance, CancellationToken.None);
            Assert.Null(outcome.Failure);
        }

        public async Task<List<GenieMessageToFetch>> ToFetchAsync()
        {
            var items = new List<GenieMessageToFetch>();
            await foreach (var item in new MessagesToFetchReader(h.Warehouse, _clock).ReadAsync(new MessagesToFetchQuery(), NullOperationLog.Instance, CancellationToken.None))
            {
                items.Add(item);
            }

            return items;
        }

        public Task<MessageIngestionSummary> IngestAsync(IEnumerable<GenieMessageToFetch> items, IOperationLog? log = null) =>
            new MessageIngestor(h.Warehouse, host => h.Session.Genie(host), h.Session.Tokens, new MessageIngestionOptions { ThrottleLimit = 4, BatchSize = 50 }, log)
                .RunAsync(IngestionHarness.Stream(items.Select(ToItem).ToList()), CancellationToken.None);

        private MessageFetchItem ToItem(GenieMessageToFetch m) => new(
            m.WorkspaceId, new Uri(m.WorkspaceUrl ?? h.Emulator.BaseAddress.ToString()), m.WorkspaceName, m.SpaceId, m.ConversationId, m.MessageId, m.EventTime, m.UserEmail, m.Reason, m.FeedbackEventTime);
    }
}

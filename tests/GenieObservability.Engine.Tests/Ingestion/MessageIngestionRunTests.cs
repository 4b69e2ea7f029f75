using GenieObservability.Engine.Ingestion;
using GenieObservability.Engine.Warehouse;

namespace GenieObservability.Engine.Tests.Ingestion;

/// <summary>The run the job and Import-GenieMessageDetails share: what it admits, the tables it creates, what it skips.</summary>
public sealed class MessageIngestionRunTests
{
    [Theory]
    [InlineData("", "s", "c", "m", null, "it lacks a WorkspaceId, SpaceId, ConversationId or MessageId")]
    [InlineData("w", "s", "c", "", null, "it lacks a WorkspaceId, SpaceId, ConversationId or MessageId")]
    [InlineData("w", "s", "c", "m", "http://adb-1.example.net", "its workspace URL is not https (plain http is accepted for loopback only)")]
    [InlineData("w", "s", "c", "m", "https://adb-1.example.net", null)]
    [InlineData("w", "s", "c", "m", "http://127.0.0.1:8080", null)]
    [InlineData("w", "s", "c", "m", null, null)]
    public void Problem_names_what_keeps_an_item_from_being_fetched(string workspace, string space, string conversation, string message, string? url, string? problem) =>
        Assert.Equal(problem, MessageIngestionRun.Problem(new GenieMessageToFetch { WorkspaceId = workspace, SpaceId = space, ConversationId = conversation, MessageId = message, WorkspaceUrl = url }));

    [Fact]
    public void Admit_counts_what_it_skips_by_reason_with_examples()
    {
        var skipped = new SkippedItems();
        var good = Message("m1");
        var noIds = Message(string.Empty);
        var plainHttp = Message("m2");
        plainHttp.WorkspaceUrl = "http://adb-1.example.net";
        var exhausted = Message("m3");
        exhausted.Reason = GenieMessageToFetch.ReasonRetry;
        exhausted.RetryCount = 5;
        exhausted.ErrorType = GenieApiErrorType.ServerError;

        Assert.True(MessageIngestionRun.Admit(good, maxRetries: 5, skipped));
        Assert.False(MessageIngestionRun.Admit(noIds, maxRetries: 5, skipped));
        Assert.False(MessageIngestionRun.Admit(plainHttp, maxRetries: 5, skipped));
        Assert.False(MessageIngestionRun.Admit(exhausted, maxRetries: 5, skipped));

        Assert.Equal(3, skipped.Count);
        var warning = skipped.Describe()!;
        Assert.StartsWith("3 message(s) to fetch were skipped: ", warning, StringComparison.Ordinal);
        Assert.Contains("1 because its own failures used up -MaxRetries (5) (e.g. w/m3)", warning, StringComparison.Ordinal);
        Assert.Contains("(e.g. w/m2 at http://adb-1.example.net)", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void Nothing_skipped_is_no_warning() => Assert.Null(new SkippedItems().Describe());

    [Fact]
    public async Task A_run_creates_the_tables_it_writes_fetches_what_it_admits_and_reports_the_skipped_in_its_summary()
    {
        await using var h = await IngestionHarness.StartAsync();
        h.SeedMessage(1);
        h.SeedMessage(2);

        // A fresh warehouse file without the schema: the run installs it.
        var fresh = new DuckDbWarehouse(Path.Combine(Path.GetDirectoryName(h.DatabasePath)!, "fresh.duckdb"));
        var log = new RecordingLog();
        var stored = new List<GenieStoredMessage>();
        MessageIngestionSummary summary;
        using (var run = new MessageIngestionRun(h.Session, () => fresh, new MessageIngestionOptions { ThrottleLimit = 2, BatchSize = 10 }, maxRetries: 3, log, stored.Add))
        {
            var noConversation = ToFetch(h, 3);
            noConversation.ConversationId = string.Empty;
            summary = await run.RunAsync(Stream(ToFetch(h, 1), ToFetch(h, 2), noConversation), CancellationToken.None);
            Assert.Equal(1, run.Skipped.Count);
        }

        Assert.Equal(GenieRunStatus.Succeeded, summary.Status);
        Assert.Equal(2, summary.Stored);
        Assert.Equal(1, summary.Skipped);
        Assert.Equal(2, stored.Count);
        Assert.Single(log.Warnings, w => w.StartsWith("1 message(s) to fetch were skipped", StringComparison.Ordinal));

        await using var reopened = new DuckDbWarehouse(fresh.Path);
        await foreach (var row in reopened.QueryAsync("SELECT COUNT(*) AS n FROM genie_analytics.message_details"))
        {
            Assert.Equal(2, row.GetCount("n"));
        }
    }

    [Fact]
    public async Task Items_offered_one_by_one_are_fetched_with_the_connected_workspace_standing_in_for_a_missing_url()
    {
        await using var h = await IngestionHarness.StartAsync();
        h.SeedMessage(1);
        h.SeedMessage(2);

        using var run = new MessageIngestionRun(h.Session, () => new DuckDbWarehouse(h.DatabasePath), new MessageIngestionOptions { ThrottleLimit = 2, BatchSize = 10 }, maxRetries: 3, new RecordingLog());
        var running = run.Start(CancellationToken.None);
        await run.OfferAsync(ToFetch(h, 1), CancellationToken.None);
        var noUrl = ToFetch(h, 2);
        noUrl.WorkspaceUrl = null;
        await run.OfferAsync(noUrl, CancellationToken.None);
        var summary = await run.CompleteAsync();

        Assert.Same(running, run.CompleteAsync());
        Assert.Equal(2, summary.Stored);
        Assert.Equal(2, await h.CountAsync("SELECT COUNT(*) FROM genie_analytics.message_details"));
    }

    private static GenieMessageToFetch Message(string id) => new() { WorkspaceId = "w", SpaceId = "s", ConversationId = "c", MessageId = id };

    private static GenieMessageToFetch ToFetch(IngestionHarness h, int n) => new()
    {
        WorkspaceId = IngestionHarness.WorkspaceId,
        WorkspaceUrl = h.Emulator.BaseAddress.ToString(),
        SpaceId = IngestionHarness.SpaceId,
        ConversationId = IngestionHarness.ConversationId(n),
        MessageId = IngestionHarness.MessageId(n),
        Reason = GenieMessageToFetch.ReasonNew,
    };

    private static async IAsyncEnumerable<GenieMessageToFetch> Stream(params GenieMessageToFetch[] items)
    {
        foreach (var item in items)
        {
            await Task.Yield();
            yield return item;
        }
    }
}

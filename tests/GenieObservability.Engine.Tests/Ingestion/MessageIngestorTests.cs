using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using GenieObservability.Emulator;
using GenieObservability.Engine.Auth;
using GenieObservability.Engine.Ingestion;
using GenieObservability.Engine.Tests.Pipeline;

namespace GenieObservability.Engine.Tests.Ingestion;

public sealed class MessageIngestorTests
{
    private const string MessagePath = "^/api/2.0/genie/spaces/[^/]+/conversations/[^/]+/messages/[^/]+$";

    [Fact]
    public async Task Every_message_is_stored_once_with_every_column_filled_from_the_api()
    {
        await using var h = await IngestionHarness.StartAsync();
        for (var n = 0; n < 120; n++)
        {
            h.SeedMessage(n);
        }

        var failed = h.SeedMessage(500, "FAILED");
        failed["error"] = new JsonObject { ["error"] = "Warehouse is stopped", ["type"] = "WAREHOUSE_ACCESS_MISSING_EXCEPTION" };
        failed["feedback"] = new JsonObject { ["rating"] = "NEGATIVE" };
        h.Emulator.State.Genie.UpsertMessage(IngestionHarness.Json(failed));
        h.SeedMessage(501, attachments: IngestionHarness.QueryAttachments(501, count: 3));

        // The same message piped twice still gives one row.
        var items = Enumerable.Range(0, 120).Select(n => h.Item(n)).Append(h.Item(500)).Append(h.Item(501)).Append(h.Item(7));
        var stored = new List<GenieStoredMessage>();
        var summary = await new MessageIngestor(h.Warehouse, host => h.Session.Genie(host), h.Session.Tokens, new MessageIngestionOptions { ThrottleLimit = 8, BatchSize = 50 }) { StoredMessage = stored.Add }
            .RunAsync(IngestionHarness.Stream(items), CancellationToken.None);

        Assert.Equal("SUCCEEDED", summary.Status);
        Assert.Equal(123, summary.Received);
        Assert.Equal(0, summary.Failed);
        Assert.Equal(122, await h.CountAsync("SELECT COUNT(DISTINCT message_id) FROM genie_analytics.message_details"));
        Assert.Equal(122, await h.CountAsync("SELECT COUNT(*) FROM genie_analytics.message_details"));
        Assert.Equal(123, stored.Count);

        var row = await h.RowAsync("genie_analytics.message_details", IngestionHarness.MessageId(501));
        Assert.Equal(IngestionHarness.WorkspaceId, row["workspace_id"]);
        Assert.Equal("Contoso prod", row["workspace_name"]);
        Assert.Equal(h.Emulator.BaseAddress.GetLeftPart(UriPartial.Authority), row["workspace_url"]);
        Assert.Equal("Sales analytics", row["space_name"]);
        Assert.Equal("Question number 501?", row["content"]);
        Assert.Equal("COMPLETED", row["status"]);
        Assert.Equal(4200L + (501 % 7), Convert.ToInt64(row["user_id"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("user1@contoso.com", row["user_email"]);
        Assert.Contains("orders_0", (string)row["query_sql"]!);
        Assert.Equal("Sales for question 501, part 0", row["query_description"]);
        Assert.Equal("stmt-501-0", row["statement_id"]);
        Assert.Equal(3, Convert.ToInt32(row["attachment_count"], System.Globalization.CultureInfo.InvariantCulture));
        using (var attachments = JsonDocument.Parse((string)row["attachments_json"]!))
        {
            Assert.Equal(3, attachments.RootElement.GetArrayLength());
            Assert.Equal("stmt-501-2", attachments.RootElement[2].GetProperty("query").GetProperty("statement_id").GetString());
        }

        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1_763_000_000_000L + 501).UtcDateTime, row["created_timestamp"]);
        Assert.Equal(new DateTime(2026, 11, 25, 10, 0, 0, DateTimeKind.Utc), row["audit_event_time"]);
        Assert.Equal(summary.RunId, row["ingestion_batch_id"]);
        Assert.NotNull(row["ingestion_timestamp"]);
        Assert.NotNull(row["first_ingested_at"]);

        var failedRow = await h.RowAsync("genie_analytics.message_details", IngestionHarness.MessageId(500));
        Assert.Equal("FAILED", failedRow["status"]);
        Assert.Equal("WAREHOUSE_ACCESS_MISSING_EXCEPTION", failedRow["message_error_type"]);
        Assert.Equal("Warehouse is stopped", failedRow["message_error"]);
        Assert.Equal("NEGATIVE", failedRow["feedback_rating"]);

        // One GET per space for its name, not one per message.
        Assert.Single(h.Emulator.State.Requests.Matching("GET", $"/api/2.0/genie/spaces/{IngestionHarness.SpaceId}"), r => r.Path == $"/api/2.0/genie/spaces/{IngestionHarness.SpaceId}");

        var run = await h.RunRowAsync(summary.RunId);
        Assert.Equal("SUCCEEDED", run["status"]);
        Assert.Equal("MESSAGE_INGESTION", run["run_type"]);
        // Stored counts upserts: the message piped twice was written twice, into one row.
        Assert.Equal(123L, Convert.ToInt64(run["messages_stored"], System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Rows_are_written_in_batches_not_one_statement_per_message()
    {
        await using var h = await IngestionHarness.StartAsync();
        for (var n = 0; n < 1000; n++)
        {
            h.SeedMessage(n);
        }

        var summary = await h.Ingestor(new MessageIngestionOptions { ThrottleLimit = 16, BatchSize = 250, FlushInterval = TimeSpan.FromMinutes(5) })
            .RunAsync(IngestionHarness.Stream(Enumerable.Range(0, 1000).Select(n => h.Item(n))), CancellationToken.None);

        Assert.Equal(1000, summary.Stored);
        // Per batch of 250: two lookups and three MERGEs of at most 100 rows; plus the space name lookup and the two
        // run-bookkeeping writes: about 5 per 250 messages instead of one per message.
        Assert.InRange(summary.WarehouseStatements, 4, (4 * 5) + 3);
    }

    [Fact]
    public async Task A_message_caught_mid_answer_is_updated_in_place_when_fetched_again()
    {
        await using var h = await IngestionHarness.StartAsync();
        h.SeedMessage(1, "EXECUTING_QUERY");
        var first = await h.Ingestor().RunAsync(IngestionHarness.Stream([h.Item(1)]), CancellationToken.None);
        Assert.Equal(1, first.Pending);
        var pending = await h.RowAsync("genie_analytics.message_details", IngestionHarness.MessageId(1));
        Assert.Equal("EXECUTING_QUERY", pending["status"]);
        Assert.Null(pending["query_sql"]);

        h.SeedMessage(1, "COMPLETED");
        var second = await h.Ingestor().RunAsync(IngestionHarness.Stream([h.Item(1, GenieMessageToFetch.ReasonPending)]), CancellationToken.None);
        Assert.Equal(1, second.Completed);

        Assert.Equal(1, await h.CountAsync("SELECT COUNT(*) FROM genie_analytics.message_details"));
        var done = await h.RowAsync("genie_analytics.message_details", IngestionHarness.MessageId(1));
        Assert.Equal("COMPLETED", done["status"]);
        Assert.Contains("SELECT region", (string)done["query_sql"]!);
        Assert.Equal(second.RunId, done["ingestion_batch_id"]);
        Assert.Equal(pending["first_ingested_at"], done["first_ingested_at"]);
    }

    [Fact]
    public async Task A_429_storm_with_retry_after_holds_the_workspace_back_and_stores_everything()
    {
        await using var h = await IngestionHarness.StartAsync();
        for (var n = 0; n < 40; n++)
        {
            h.SeedMessage(n);
        }

        // Every request to the workspace waits out each Retry-After, so a storm of refusals costs about a second each.
        h.Emulator.State.Faults.Add(new FaultRule { Method = "GET", PathPattern = MessagePath, Status = 429, ErrorCode = "REQUEST_LIMIT_EXCEEDED", RetryAfterSeconds = 1, Times = 12 });
        var clock = Stopwatch.StartNew();
        var summary = await h.Ingestor().RunAsync(IngestionHarness.Stream(Enumerable.Range(0, 40).Select(n => h.Item(n))), CancellationToken.None);

        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(2), "Retry-After was not honoured");
        Assert.Equal(40, summary.Stored);
        Assert.Equal(0, summary.Failed);
        Assert.Equal(0, await h.CountAsync("SELECT COUNT(*) FROM genie_analytics.message_fetch_errors"));
        Assert.True(h.Emulator.State.Requests.Matching("GET", "/api/").Count(r => r.Status == 429) >= 12);
        Assert.Equal(12, summary.WorkspaceRates.Single().RateLimited);
    }

    [Fact]
    public async Task Two_workspaces_with_their_own_limits_each_converge_and_the_summary_reports_both()
    {
        await using var other = await WorkspaceEmulator.StartAsync();
        await using var h = await IngestionHarness.StartAsync();
        other.State.Tokens.AddStaticToken(IngestionHarness.Pat);
        foreach (var emulator in new[] { h.Emulator, other })
        {
            emulator.State.ApiLatencyMilliseconds = 20;
        }

        // Low limits, so that even a slow machine sends faster than either admits.
        h.Emulator.State.RateLimits.Add(new RateLimitRule { Method = "GET", PathPattern = MessagePath, RequestsPerSecond = 5 });
        other.State.RateLimits.Add(new RateLimitRule { Method = "GET", PathPattern = MessagePath, RequestsPerSecond = 15 });
        for (var n = 0; n < 240; n++)
        {
            var message = h.SeedMessage(n);
            if (n % 4 != 0)
            {
                other.State.Genie.UpsertMessage(IngestionHarness.Json(message));
            }
        }

        // One message in four goes to the workspace admitting 5/s, three to the one admitting 15/s.
        var items = Enumerable.Range(0, 240).Select(n => n % 4 == 0 ? h.Item(n) : h.Item(n, host: other.BaseAddress, workspaceId: "2222222222222222"));
        var summary = await h.Ingestor(new MessageIngestionOptions { ThrottleLimit = 8, BatchSize = 100 }).RunAsync(IngestionHarness.Stream(items), CancellationToken.None);

        Assert.Equal(240, summary.Stored);
        Assert.Equal(0, summary.Failed);
        Assert.Equal(240, await h.CountAsync("SELECT COUNT(DISTINCT workspace_id || message_id) FROM genie_analytics.message_details"));
        var slow = summary.WorkspaceRates.Single(w => w.WorkspaceUrl == h.Emulator.BaseAddress.GetLeftPart(UriPartial.Authority));
        var fast = summary.WorkspaceRates.Single(w => w.WorkspaceUrl == other.BaseAddress.GetLeftPart(UriPartial.Authority));
        Assert.InRange(slow.SettledRequestsPerSecond ?? 0, 2.5, 7.5);
        Assert.InRange(fast.SettledRequestsPerSecond ?? 0, 7.5, 22.5);
        Assert.True(slow.RateLimited > 0 && fast.RateLimited > 0);
        Assert.True(slow.Requests >= 60 && fast.Requests >= 180);
        var details = (string)(await h.RunRowAsync(summary.RunId))["details_json"]!;
        Assert.Contains("\"workspace_rates\":[{", details, StringComparison.Ordinal);
        Assert.Contains("\"rate_limited\":" + slow.RateLimited.ToString(System.Globalization.CultureInfo.InvariantCulture), details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MaxRequestsPerSecond_caps_this_run_only_and_leaves_the_shared_session_as_it_was()
    {
        await using var h = await IngestionHarness.StartAsync();
        for (var n = 0; n < 25; n++)
        {
            h.SeedMessage(n);
        }

        var options = h.Session.ApiOptions;
        var shared = h.Session.Api();
        var clock = Stopwatch.StartNew();
        var summary = await h.Ingestor(new MessageIngestionOptions { ThrottleLimit = 8, MaxRequestsPerSecond = 10 }).RunAsync(IngestionHarness.Stream(Enumerable.Range(0, 25).Select(n => h.Item(n))), CancellationToken.None);

        // The workspace's one health probe, 25 message GETs and a space GET, one every 100 ms at most.
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(2.5), $"27 requests at 10/s took {clock.Elapsed}");
        Assert.Equal(25, summary.Stored);
        Assert.Equal(10, summary.WorkspaceRates.Single().MaxRequestsPerSecond);
        Assert.Equal(27, summary.WorkspaceRates.Single().Requests);
        Assert.Same(options, h.Session.ApiOptions);
        Assert.Same(shared, h.Session.Api());
        Assert.Null(h.Session.Api().RateController.RequestsPerSecond); // other callers of the session are not paced
    }

    [Fact]
    public async Task Twenty_percent_server_errors_are_retried_until_everything_is_stored()
    {
        await using var h = await IngestionHarness.StartAsync();
        for (var n = 0; n < 200; n++)
        {
            h.SeedMessage(n);
        }

        h.Emulator.State.Faults.Add(new FaultRule { Method = "GET", PathPattern = MessagePath, Status = 500, ErrorCode = "INTERNAL_ERROR", Probability = 0.2, Seed = 7 });
        h.Emulator.State.Faults.Add(new FaultRule { Method = "GET", PathPattern = MessagePath, Status = 503, ErrorCode = "TEMPORARILY_UNAVAILABLE", Probability = 0.05, Seed = 9 });
        var summary = await h.Ingestor().RunAsync(IngestionHarness.Stream(Enumerable.Range(0, 200).Select(n => h.Item(n))), CancellationToken.None);

        Assert.Equal(200, summary.Stored);
        Assert.Equal(0, summary.Failed);
        Assert.Equal(0, await h.CountAsync("SELECT COUNT(*) FROM genie_analytics.message_fetch_errors"));
        Assert.True(h.Emulator.State.Requests.Matching("GET", "/api/").Count(r => r.Status >= 500) >= 20, "the faults were not injected");
    }

    [Fact]
    public async Task Tokens_expiring_every_50_requests_are_refreshed_without_failures()
    {
        var emulator = await WorkspaceEmulator.StartAsync();
        emulator.State.Tokens.AddClient("sp-ingest", "sp-secret");
        emulator.State.Tokens.MaxUsesPerToken = 50;
        // A token here lasts 50 requests, well under a second at this pace: every expiry needs its own forced refresh.
        var oauth = new DatabricksOAuthProvider("sp-ingest", new NetworkCredential(string.Empty, "sp-secret").SecurePassword);
        await using var h = await IngestionHarness.StartAsync(oauth, emulator);
        for (var n = 0; n < 300; n++)
        {
            h.SeedMessage(n);
        }

        var summary = await h.Ingestor().RunAsync(IngestionHarness.Stream(Enumerable.Range(0, 300).Select(n => h.Item(n))), CancellationToken.None);

        Assert.True(summary.Failed == 0, string.Join(", ", summary.FailedByType.Select(p => $"{p.Key}={p.Value}")));
        Assert.Equal(300, summary.Stored);
        Assert.True(emulator.State.Tokens.IssuedCount >= 6, $"only {emulator.State.Tokens.IssuedCount} tokens were issued");
    }

    [Fact]
    public async Task A_deleted_message_is_recorded_as_not_found_and_permanent()
    {
        await using var h = await IngestionHarness.StartAsync();
        h.SeedMessage(1);
        var failures = new List<FetchFailure>();
        var summary = await new MessageIngestor(h.Warehouse, host => h.Session.Genie(host), h.Session.Tokens, new MessageIngestionOptions()) { FetchFailed = (_, f) => failures.Add(f) }
            .RunAsync(IngestionHarness.Stream([h.Item(1), h.Item(2)]), CancellationToken.None);

        Assert.Equal(1, summary.Stored);
        Assert.Equal(1, summary.FailedByType[GenieApiErrorType.NotFound]);
        var error = Assert.Single(failures);
        Assert.False(error.IsTransient);
        var row = await h.RowAsync("genie_analytics.message_fetch_errors", IngestionHarness.MessageId(2));
        Assert.Equal("NOT_FOUND", row["error_type"]);
        Assert.Equal(404, Convert.ToInt32(row["http_status"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(1, Convert.ToInt32(row["retry_count"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(false, row["resolved"]);
        // The client does not retry a 404: one request for that message.
        Assert.Single(h.Emulator.State.Requests.Matching("GET", $"/api/2.0/genie/spaces/{IngestionHarness.SpaceId}/conversations/{IngestionHarness.ConversationId(2)}/messages/{IngestionHarness.MessageId(2)}"), r => r.Status == 404);
    }

    [Fact]
    public async Task A_failure_counts_up_and_a_later_success_resolves_the_error_row()
    {
        await using var h = await IngestionHarness.StartAsync(apiOptions: IngestionHarness.FastApiOptions with { MaxAttempts = 2 });
        h.SeedMessage(3);
        var path = $"/api/2.0/genie/spaces/{IngestionHarness.SpaceId}/conversations/{IngestionHarness.ConversationId(3)}/messages/{IngestionHarness.MessageId(3)}";
        h.Emulator.State.Faults.Add(new FaultRule { Method = "GET", PathPattern = "^" + path + "$", Status = 500, ErrorCode = "INTERNAL_ERROR" });
        var options = new MessageIngestionOptions();

        var first = await h.Ingestor(options).RunAsync(IngestionHarness.Stream([h.Item(3)]), CancellationToken.None);
        var second = await h.Ingestor(options).RunAsync(IngestionHarness.Stream([h.Item(3, GenieMessageToFetch.ReasonRetry)]), CancellationToken.None);
        Assert.Equal(1, first.FailedByType[GenieApiErrorType.ServerError]);
        Assert.Equal(1, second.Failed);
        var failedTwice = await h.RowAsync("genie_analytics.message_fetch_errors", IngestionHarness.MessageId(3));
        Assert.Equal(2, Convert.ToInt32(failedTwice["retry_count"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(500, Convert.ToInt32(failedTwice["http_status"], System.Globalization.CultureInfo.InvariantCulture));

        h.Emulator.State.Faults.Clear();
        // A retry read from message_fetch_errors carries no email or workspace name; with no silver table to fill them in, they stay empty.
        var third = await h.Ingestor(options).RunAsync(IngestionHarness.Stream([h.Item(3, GenieMessageToFetch.ReasonRetry) with { UserEmail = null, WorkspaceName = null }]), CancellationToken.None);

        Assert.Equal(1, third.Stored);
        Assert.Equal(1, third.Resolved);
        Assert.Equal(1, third.Retried);
        var resolved = await h.RowAsync("genie_analytics.message_fetch_errors", IngestionHarness.MessageId(3));
        Assert.Equal(true, resolved["resolved"]);
        Assert.NotNull(resolved["resolved_at"]);
        Assert.Equal(2, Convert.ToInt32(resolved["retry_count"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(failedTwice["first_failed_at"], resolved["first_failed_at"]);
        Assert.Equal(1, await h.CountAsync("SELECT COUNT(*) FROM genie_analytics.message_fetch_errors"));
        Assert.Equal(1, await h.CountAsync("SELECT COUNT(*) FROM genie_analytics.message_details"));
    }

    [Fact]
    public async Task A_200_KB_attachments_array_is_stored_whole()
    {
        await using var h = await IngestionHarness.StartAsync();
        var attachments = IngestionHarness.QueryAttachments(9, count: 1);
        var big = new JsonArray();
        for (var i = 0; i < 400; i++)
        {
            big.Add(new JsonObject { ["content"] = new string((char)('a' + (i % 26)), 500) + "\"quoted\" é ü 漢字", ["thought_type"] = "THOUGHT_TYPE_STEP" });
        }

        ((JsonObject)attachments[0]!["query"]!)["thoughts"] = big;
        var seeded = h.SeedMessage(9, attachments: attachments);
        var expected = seeded["attachments"]!.ToJsonString();
        Assert.True(expected.Length > 200_000);

        await h.Ingestor().RunAsync(IngestionHarness.Stream([h.Item(9)]), CancellationToken.None);

        var stored = (string)(await h.RowAsync("genie_analytics.message_details", IngestionHarness.MessageId(9)))["attachments_json"]!;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(stored)), "attachments_json differs from what the API sent");
        Assert.True(stored.Length >= 200_000);
    }

    [Fact]
    public async Task A_workspace_that_refuses_the_credential_fails_as_a_workspace_and_the_other_is_fully_ingested()
    {
        await using var other = await WorkspaceEmulator.StartAsync();
        var emulator = await WorkspaceEmulator.StartAsync();
        emulator.State.Tokens.AddClient("sp-a", "secret-a");
        other.State.Tokens.AddClient("sp-b-only", "secret-b");
        var oauth = new DatabricksOAuthProvider("sp-a", new NetworkCredential(string.Empty, "secret-a").SecurePassword);
        await using var h = await IngestionHarness.StartAsync(oauth, emulator);
        for (var n = 0; n < 60; n++)
        {
            h.SeedMessage(n);
        }

        var log = new RecordingLog();
        var items = Enumerable.Range(0, 60).SelectMany(n => new[] { h.Item(n), h.Item(n + 1000, host: other.BaseAddress, workspaceId: "2222222222222222") });
        var summary = await new MessageIngestor(h.Warehouse, host => h.Session.Genie(host), h.Session.Tokens, new MessageIngestionOptions { ThrottleLimit = 8, BatchSize = 50 }, log)
            .RunAsync(IngestionHarness.Stream(items), CancellationToken.None);

        Assert.Equal("SUCCEEDED", summary.Status);
        Assert.Equal(60, summary.Stored);
        Assert.Equal(60, summary.FailedByType[GenieApiErrorType.CredentialRejected]);
        var down = Assert.Single(summary.FailedByWorkspace);
        Assert.Equal(other.BaseAddress.GetLeftPart(UriPartial.Authority), down.WorkspaceUrl);
        Assert.Equal(["2222222222222222"], down.WorkspaceIds);
        Assert.Equal(GenieApiErrorType.CredentialRejected, down.ErrorType);
        Assert.Equal(60, down.Messages);
        Assert.Contains("invalid_client", down.FirstError, StringComparison.Ordinal);
        Assert.Equal(60, await h.CountAsync("SELECT COUNT(*) FROM genie_analytics.message_details WHERE workspace_id = :w", new Dictionary<string, object?> { ["w"] = IngestionHarness.WorkspaceId }));
        // Recorded as the workspace's failure: retryable, and no retry budget spent.
        Assert.Equal(60, await h.CountAsync("SELECT COUNT(*) FROM genie_analytics.message_fetch_errors WHERE workspace_id = '2222222222222222' AND error_type = 'CREDENTIAL_REJECTED' AND retry_count = 0"));
        // Workspace B was asked for a token, never sent an API request.
        Assert.Empty(other.State.Requests.Matching("GET", "/api/"));
        // One warning for the workspace, none per message.
        Assert.Single(log.Warnings, w => w.Contains(down.WorkspaceUrl, StringComparison.Ordinal));
        Assert.Single(log.Warnings);
    }

    [Fact]
    public async Task Cancelling_stops_fetching_keeps_what_was_fetched_and_a_rerun_stores_the_rest_once()
    {
        await using var h = await IngestionHarness.StartAsync();
        for (var n = 0; n < 300; n++)
        {
            h.SeedMessage(n);
        }

        h.Emulator.State.ApiLatencyMilliseconds = 20;
        using var cancel = new CancellationTokenSource();
        var stored = 0;
        var ingestor = new MessageIngestor(h.Warehouse, host => h.Session.Genie(host), h.Session.Tokens, new MessageIngestionOptions { ThrottleLimit = 4, BatchSize = 1000, FlushInterval = TimeSpan.FromMinutes(5) })
        {
            StoredMessage = _ => Interlocked.Increment(ref stored),
        };
        var run = ingestor.RunAsync(IngestionHarness.Stream(Enumerable.Range(0, 300).Select(n => h.Item(n))), cancel.Token);

        // Cancel once some messages were answered (however slow the machine is to get there), long before all 300 are.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (h.Emulator.State.Requests.Matching("GET", $"/api/2.0/genie/spaces/{IngestionHarness.SpaceId}/conversations/").Count(r => r.Status == 200) < 10)
        {
            Assert.True(DateTime.UtcNow < deadline, "No message was fetched.");
            await Task.Delay(10);
        }

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);

        // Nothing reached the batch size or the flush interval: the rows written are those flushed on cancellation.
        var kept = await h.CountAsync("SELECT COUNT(*) FROM genie_analytics.message_details");
        Assert.InRange(kept, 1, 299);
        Assert.Equal(kept, stored);
        Assert.Equal("CANCELLED", await h.ScalarAsync("SELECT status FROM genie_analytics.genie_ingestion_runs WHERE run_type = 'MESSAGE_INGESTION'"));

        h.Emulator.State.ApiLatencyMilliseconds = 0;
        await h.Ingestor().RunAsync(IngestionHarness.Stream(Enumerable.Range(0, 300).Select(n => h.Item(n))), CancellationToken.None);
        Assert.Equal(300, await h.CountAsync("SELECT COUNT(*) FROM genie_analytics.message_details"));
        Assert.Equal(300, await h.CountAsync("SELECT COUNT(DISTINCT message_id) FROM genie_analytics.message_details"));
    }
}

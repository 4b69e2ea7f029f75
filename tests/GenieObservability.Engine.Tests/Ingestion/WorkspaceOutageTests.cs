using System.Diagnostics;
using System.Globalization;
using System.Net;
using GenieObservability.Emulator;
using GenieObservability.Engine.Auth;
using GenieObservability.Engine.Http;
using GenieObservability.Engine.Ingestion;
using GenieObservability.Engine.Pipeline;
using GenieObservability.Engine.Tests.Pipeline;

namespace GenieObservability.Engine.Tests.Ingestion;

/// <summary>
/// Scheduled runs against two emulated workspaces over real HTTP while one of them fails as a whole: its messages are
/// never made permanent and are all stored once it is back; the other workspace is stored in full on every run.
/// </summary>
public sealed class WorkspaceOutageTests
{
    private const string WorkspaceB = "2222222222222222";
    private const string ClientId = "sp-outage";
    private const string ClientSecret = "sp-outage-secret";
    private const int MessagesOfB = 100;
    private const int OutageRuns = 6;
    private const string MessagePath = "^/api/2.0/genie/spaces/[^/]+/conversations/[^/]+/messages/[^/]+$";

    /// <summary>Far below what the API client's retries of one call take with the default options (over a minute).</summary>
    private static readonly TimeSpan FastGiveUp = TimeSpan.FromSeconds(25);

    [Fact]
    public async Task Six_runs_with_every_connection_of_a_workspace_reset_then_back_store_every_message_of_it()
    {
        await using var b = await WorkspaceEmulator.StartAsync();
        await using var h = await StartOAuthAsync(b);
        b.State.Faults.Add(new FaultRule { Kind = FaultKind.Reset, PathPattern = ".*" });

        await RunOutageThenRecoveryAsync(h, b, GenieApiErrorType.NoToken, () => b.State.Faults.Clear());
    }

    [Fact]
    public async Task Six_runs_with_the_token_endpoint_refusing_the_secret_then_accepting_it_store_every_message()
    {
        await using var b = await WorkspaceEmulator.StartAsync();
        await using var h = await StartOAuthAsync(b);
        b.State.Faults.Add(new FaultRule
        {
            Method = "POST",
            PathPattern = "^/oidc/v1/token$",
            Kind = FaultKind.RawBody,
            Status = 401,
            ContentType = "application/json",
            Body = """{"error":"invalid_client","error_description":"Client authentication failed."}""",
        });

        await RunOutageThenRecoveryAsync(h, b, GenieApiErrorType.CredentialRejected, () => b.State.Faults.Clear());
    }

    [Fact]
    public async Task A_pat_workspace_that_resets_every_connection_is_given_up_in_seconds_not_after_the_client_retries()
    {
        await using var b = await WorkspaceEmulator.StartAsync();
        // The default client: a message GET whose connection is reset is retried for over a minute before it fails.
        await using var h = await IngestionHarness.StartAsync(apiOptions: ApiClientOptions.Default);
        b.State.Tokens.AddStaticToken(IngestionHarness.Pat);
        IngestionHarness.SeedSpace(b);
        SeedB(h, b);
        b.State.Faults.Add(new FaultRule { Kind = FaultKind.Reset, PathPattern = ".*" });
        for (var n = 0; n < 40; n++)
        {
            h.SeedMessage(n);
        }

        var log = new RecordingLog();
        var (summary, elapsed) = await ScheduledRunAsync(h, Interleaved(h, Enumerable.Range(0, 40), b), log);

        Assert.True(elapsed < FastGiveUp, $"the run took {elapsed.TotalSeconds:0.0} s");
        Assert.Equal(40, summary.Stored);
        var down = Assert.Single(summary.FailedByWorkspace);
        Assert.Equal(GenieApiErrorType.WorkspaceUnreachable, down.ErrorType);
        Assert.Equal(MessagesOfB, down.Messages);
        Assert.Null(down.HttpStatus);
        Assert.DoesNotContain(b.State.Requests.Matching("GET", "/api/"), r => System.Text.RegularExpressions.Regex.IsMatch(r.Path, MessagePath));
        Assert.Single(log.Warnings, w => w.Contains("WORKSPACE_UNREACHABLE", StringComparison.Ordinal));
        Assert.Equal(MessagesOfB, await h.CountAsync("SELECT COUNT(*) FROM genie_analytics.message_fetch_errors WHERE workspace_id = :w AND error_type = 'WORKSPACE_UNREACHABLE' AND retry_count = 0 AND http_status IS NULL", new Dictionary<string, object?> { ["w"] = WorkspaceB }));

        b.State.Faults.Clear();
        var (back, _) = await ScheduledRunAsync(h, []);
        Assert.Equal(MessagesOfB, back.Stored);
        Assert.Equal(MessagesOfB, back.Resolved);
        Assert.Empty(back.FailedByWorkspace);
    }

    [Fact]
    public async Task A_workspace_that_goes_down_mid_run_stops_its_requests_and_costs_its_messages_no_retries()
    {
        await using var h = await IngestionHarness.StartAsync();
        for (var n = 0; n < 300; n++)
        {
            h.SeedMessage(n);
        }

        h.Emulator.State.ApiLatencyMilliseconds = 5;
        // After the probe and 60 requests, the host resets every connection.
        h.Emulator.State.Faults.Add(new FaultRule { Kind = FaultKind.Reset, PathPattern = ".*", SkipFirst = 61 });
        var (summary, elapsed) = await ScheduledRunAsync(h, Enumerable.Range(0, 300).Select(n => h.Item(n)));

        Assert.InRange(summary.Stored, 1, 60);
        Assert.Equal(300, summary.Stored + summary.Failed);
        var down = Assert.Single(summary.FailedByWorkspace);
        Assert.Equal(GenieApiErrorType.WorkspaceUnreachable, down.ErrorType);
        // The failures that came before the check that found the workspace down count as its failures too.
        Assert.Equal(summary.Failed, await h.CountAsync("SELECT COUNT(*) FROM genie_analytics.message_fetch_errors WHERE retry_count = 0 AND error_type = 'WORKSPACE_UNREACHABLE'"));
        // Down means no more requests: only the retries of the calls in flight and the checks, not eight attempts for each
        // of the 240 remaining messages.
        var requests = h.Emulator.State.Requests.Matching("GET", "/api/").Count;
        Assert.True(requests < 61 + 150, $"{requests} requests");
        Assert.True(elapsed < FastGiveUp, $"the run took {elapsed.TotalSeconds:0.0} s");
    }

    [Fact]
    public async Task A_message_that_keeps_failing_by_itself_while_its_workspace_answers_becomes_permanent_after_the_retry_budget()
    {
        await using var h = await IngestionHarness.StartAsync(apiOptions: IngestionHarness.FastApiOptions with { MaxAttempts = 2 });
        for (var n = 0; n < 10; n++)
        {
            h.SeedMessage(n);
        }

        h.SeedMessage(99);
        h.Emulator.State.Faults.Add(new FaultRule { Method = "GET", PathPattern = $"/messages/{IngestionHarness.MessageId(99)}$", Status = 500, ErrorCode = "INTERNAL_ERROR" });

        var (first, _) = await ScheduledRunAsync(h, Enumerable.Range(0, 10).Append(99).Select(n => h.Item(n)));
        Assert.Equal(10, first.Stored);
        Assert.Equal(1, first.FailedByType[GenieApiErrorType.ServerError]);
        Assert.Empty(first.FailedByWorkspace);

        // Later runs offer it alone: the workspace still answers the check after each failure, so the failure is the message's.
        for (var run = 2; run <= RetryRule.DefaultMaxRetries; run++)
        {
            var (again, _) = await ScheduledRunAsync(h, []);
            Assert.Equal(1, again.Received);
            Assert.Equal(1, again.FailedByType[GenieApiErrorType.ServerError]);
            Assert.Empty(again.FailedByWorkspace);
        }

        var row = await h.RowAsync("genie_analytics.message_fetch_errors", IngestionHarness.MessageId(99));
        Assert.Equal(GenieApiErrorType.ServerError, row["error_type"]);
        Assert.Equal(500, Convert.ToInt32(row["http_status"], CultureInfo.InvariantCulture));
        Assert.Equal(RetryRule.DefaultMaxRetries, Convert.ToInt32(row["retry_count"], CultureInfo.InvariantCulture));
        Assert.Equal(false, row["resolved"]);

        var (after, _) = await ScheduledRunAsync(h, []);
        Assert.Equal(0, after.Received);
    }

    private static async Task RunOutageThenRecoveryAsync(IngestionHarness h, WorkspaceEmulator b, string expectedType, Action recover)
    {
        SeedB(h, b);
        var next = 0;
        for (var run = 1; run <= OutageRuns; run++)
        {
            // Each run brings new messages of A; B's come from the audit log in the first run, then as retries.
            var newOfA = Enumerable.Range(next, 20).ToList();
            next += 20;
            foreach (var n in newOfA)
            {
                h.SeedMessage(n);
            }

            var (summary, elapsed) = await ScheduledRunAsync(h, run == 1 ? Interleaved(h, newOfA, b) : newOfA.Select(n => h.Item(n)));

            Assert.Equal("SUCCEEDED", summary.Status);
            Assert.Equal(newOfA.Count, summary.Stored);
            var down = Assert.Single(summary.FailedByWorkspace);
            Assert.Equal(b.BaseAddress.GetLeftPart(UriPartial.Authority), down.WorkspaceUrl);
            Assert.Equal(expectedType, down.ErrorType);
            Assert.Equal(MessagesOfB, down.Messages);
            Assert.True(elapsed < FastGiveUp, $"run {run} took {elapsed.TotalSeconds:0.0} s");
            Assert.Equal(MessagesOfB, await h.CountAsync($"SELECT COUNT(*) FROM genie_analytics.message_fetch_errors WHERE workspace_id = :w AND error_type = :t AND retry_count = 0 AND resolved = FALSE", new Dictionary<string, object?> { ["w"] = WorkspaceB, ["t"] = expectedType }));
        }

        // No token, so not one API request was sent to the workspace while it was down.
        Assert.Empty(b.State.Requests.Matching("GET", "/api/"));
        recover();

        var (back, _) = await ScheduledRunAsync(h, []);
        Assert.Equal("SUCCEEDED", back.Status);
        Assert.Equal(MessagesOfB, back.Retried);
        Assert.Equal(MessagesOfB, back.Stored);
        Assert.Equal(MessagesOfB, back.Resolved);
        Assert.Empty(back.FailedByWorkspace);
        var parameters = new Dictionary<string, object?> { ["w"] = WorkspaceB };
        Assert.Equal(MessagesOfB, await h.CountAsync("SELECT COUNT(*) FROM genie_analytics.message_details WHERE workspace_id = :w", parameters));
        Assert.Equal(MessagesOfB, await h.CountAsync("SELECT COUNT(*) FROM genie_analytics.message_fetch_errors WHERE workspace_id = :w AND resolved = TRUE", parameters));
        Assert.Equal(OutageRuns * 20, await h.CountAsync("SELECT COUNT(*) FROM genie_analytics.message_details WHERE workspace_id = :a", new Dictionary<string, object?> { ["a"] = IngestionHarness.WorkspaceId }));
        var (quiet, _) = await ScheduledRunAsync(h, []);
        Assert.Equal(0, quiet.Received);
    }

    /// <summary>A harness whose credential is a Databricks service principal both workspaces know (one token per workspace).</summary>
    private static async Task<IngestionHarness> StartOAuthAsync(WorkspaceEmulator b)
    {
        var a = await WorkspaceEmulator.StartAsync();
        a.State.Tokens.AddClient(ClientId, ClientSecret);
        b.State.Tokens.AddClient(ClientId, ClientSecret);
        IngestionHarness.SeedSpace(b);
        return await IngestionHarness.StartAsync(new DatabricksOAuthProvider(ClientId, new NetworkCredential(string.Empty, ClientSecret).SecurePassword), a);
    }

    private static void SeedB(IngestionHarness h, WorkspaceEmulator b)
    {
        for (var n = 0; n < MessagesOfB; n++)
        {
            h.SeedMessage(1000 + n, on: b);
        }
    }

    /// <summary>The messages of A and of B, interleaved as an audit log of both would list them.</summary>
    private static IEnumerable<MessageFetchItem> Interleaved(IngestionHarness h, IEnumerable<int> ofA, WorkspaceEmulator b)
    {
        var a = ofA.Select(n => h.Item(n)).ToList();
        var ofB = Enumerable.Range(1000, MessagesOfB).Select(n => h.Item(n, host: b.BaseAddress, workspaceId: WorkspaceB)).ToList();
        for (var i = 0; i < Math.Max(a.Count, ofB.Count); i++)
        {
            if (i < a.Count)
            {
                yield return a[i];
            }

            if (i < ofB.Count)
            {
                yield return ofB[i];
            }
        }
    }

    /// <summary>One scheduled run: what Get-GenieMessagesToFetch offers for retry, then this run's new messages.</summary>
    private static async Task<(MessageIngestionSummary Summary, TimeSpan Elapsed)> ScheduledRunAsync(IngestionHarness h, IEnumerable<MessageFetchItem> newItems, RecordingLog? log = null)
    {
        var retries = new List<MessageFetchItem>();
        var query = new MessagesToFetchQuery { IncludeNew = false, IncludePending = false };
        await foreach (var m in new MessagesToFetchReader(h.Warehouse).ReadAsync(query, new RecordingLog(), CancellationToken.None))
        {
            retries.Add(new MessageFetchItem(m.WorkspaceId, new Uri(m.WorkspaceUrl!), m.WorkspaceName, m.SpaceId, m.ConversationId, m.MessageId, m.EventTime, m.UserEmail, m.Reason));
        }

        var clock = Stopwatch.StartNew();
        var ingestor = new MessageIngestor(h.Warehouse, host => h.Session.Genie(host), h.Session.Tokens, new MessageIngestionOptions { ThrottleLimit = 8, BatchSize = 50 }, log);
        var summary = await ingestor.RunAsync(IngestionHarness.Stream(retries.Concat(newItems)), CancellationToken.None);
        return (summary, clock.Elapsed);
    }
}

using GenieObservability.Emulator;

namespace GenieObservability.Engine.Tests.Http;

/// <summary>
/// The rate controller of the real client against the emulator's token bucket over loopback HTTP. Assertions are on
/// what the server saw (its request log) and what the controller learned, with margins a loaded machine cannot break:
/// a slow machine only sends later, which none of them forbids.
/// </summary>
public class RateControlOverHttpTests
{
    private const string Seed = """{ "genie": { "spaces": [ { "space_id": "s1", "title": "Sales", "warehouse_id": "w1" } ] } }""";
    private const string MessagesPrefix = "/api/2.0/genie/spaces/s1/conversations/c1/messages/";

    [Fact]
    public async Task The_controller_converges_on_the_servers_bucket_within_a_bounded_number_of_requests()
    {
        await using var workspace = await ApiTestWorkspace.StartAsync(Seed);
        workspace.Emulator.State.ApiLatencyMilliseconds = 20;
        workspace.Emulator.State.RateLimits.Add(new RateLimitRule { Method = "GET", PathPattern = "^/api/2.0/genie/spaces/", RequestsPerSecond = 40 });

        await SendAsync(workspace, 320, n => "/api/2.0/genie/spaces/s1");

        var log = Messages(workspace, "/api/2.0/genie/spaces/s1");
        var afterConvergence = log.Skip(160).ToArray();
        var learned = workspace.Api.RateController.LearnedRequestsPerSecond;
        Assert.NotNull(learned);
        Assert.InRange(learned.Value, 28, 52);
        Assert.True(afterConvergence.Count(r => r.Status == 429) <= 0.05 * afterConvergence.Length, $"{afterConvergence.Count(r => r.Status == 429)} of the {afterConvergence.Length} requests after the first 160 were answered 429");
    }

    [Fact]
    public async Task No_request_is_sent_before_its_Retry_After_and_none_while_the_hosts_pause_lasts()
    {
        await using var workspace = await ApiTestWorkspace.StartAsync(Seed);
        workspace.Emulator.State.ApiLatencyMilliseconds = 20;
        workspace.Emulator.State.RateLimits.Add(new RateLimitRule { Method = "GET", PathPattern = "^/api/2.0/genie/spaces/s1/conversations/", RequestsPerSecond = 20, Burst = 5 });

        await SendAsync(workspace, 150, n => MessagesPrefix + "m" + n);

        var log = Messages(workspace, MessagesPrefix);
        var refused = log.Where(r => r.Status == 429).ToArray();
        Assert.NotEmpty(refused);
        foreach (var retries in log.GroupBy(r => r.Path))
        {
            foreach (var (before, after) in retries.Zip(retries.Skip(1)))
            {
                if (before.Status == 429)
                {
                    var retryAfter = TimeSpan.FromSeconds(int.Parse(before.RetryAfter!, System.Globalization.CultureInfo.InvariantCulture));
                    Assert.True(after.ReceivedAt >= before.Time + retryAfter, $"{after.Path} was sent again {(after.ReceivedAt - before.Time).TotalMilliseconds:0} ms after a 429 that said Retry-After {retryAfter.TotalSeconds} s");
                }
            }
        }

        // Every request to the host waits: requests still in flight when a 429 went out can arrive just after it, and
        // then nothing until its Retry-After has passed.
        var inFlight = TimeSpan.FromMilliseconds(600);
        foreach (var refusal in refused)
        {
            var until = refusal.Time + TimeSpan.FromSeconds(int.Parse(refusal.RetryAfter!, System.Globalization.CultureInfo.InvariantCulture));
            var during = log.Where(r => r.ReceivedAt > refusal.Time + inFlight && r.ReceivedAt < until).ToArray();
            Assert.True(during.Length == 0, $"{during.Length} requests arrived between {inFlight.TotalMilliseconds} ms after a 429 and the end of its Retry-After");
        }
    }

    [Fact]
    public async Task A_single_stray_429_does_not_halve_the_throughput_for_the_rest_of_the_run()
    {
        await using var workspace = await ApiTestWorkspace.StartAsync(Seed);
        workspace.Emulator.State.ApiLatencyMilliseconds = 10;
        workspace.Emulator.State.Faults.Add(new FaultRule { Method = "GET", PathPattern = "^/api/2.0/genie/spaces/s1/conversations/", Status = 429, RetryAfterSeconds = 1, SkipFirst = 200, Times = 1 });

        await SendAsync(workspace, 800, n => MessagesPrefix + "m" + n);

        var log = Messages(workspace, MessagesPrefix);
        var stray = log.Single(r => r.Status == 429);
        var before = log.Where(r => r.ReceivedAt < stray.ReceivedAt).ToArray();
        var rateBefore = before.Length / (stray.ReceivedAt - before[0].ReceivedAt).TotalSeconds;
        var last = log.TakeLast(300).ToArray();
        var rateAtTheEnd = last.Length / (last[^1].ReceivedAt - last[0].ReceivedAt).TotalSeconds;
        var learned = workspace.Api.RateController.LearnedRequestsPerSecond!.Value;

        Assert.True(learned >= 0.75 * rateBefore, $"one 429 cut the pace to {learned:0}/s from the {rateBefore:0}/s sent before it");
        Assert.True(rateAtTheEnd >= 0.6 * rateBefore, $"{rateAtTheEnd:0}/s at the end of the run, {rateBefore:0}/s before the stray 429");
    }

    /// <summary>Sends <paramref name="count"/> GETs from 8 concurrent callers; answers that are errors (404 for unknown messages) still count as answers.</summary>
    private static Task SendAsync(ApiTestWorkspace workspace, int count, Func<int, string> path) =>
        Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (n, ct) =>
        {
            try
            {
                using var answer = await workspace.Api.GetAsync(path(n), ct);
            }
            catch (GenieApiException ex) when (ex.ErrorType == GenieApiErrorType.NotFound)
            {
            }
        });

    private static LoggedRequest[] Messages(ApiTestWorkspace workspace, string prefix) =>
        workspace.Emulator.State.Requests.Matching("GET", prefix).OrderBy(r => r.ReceivedAt).ThenBy(r => r.Sequence).ToArray();
}

using GenieObservability.Engine.Http;
using Microsoft.Extensions.Time.Testing;

namespace GenieObservability.Engine.Tests.Http;

/// <summary>The controller on a fake clock: exact times, no waiting, nothing left to the machine's load.</summary>
public class AdaptiveRateControllerTests
{
    private static readonly TimeSpan NoLimit = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task Nothing_is_paced_until_the_host_first_answers_429()
    {
        var time = new FakeTimeProvider();
        var controller = new AdaptiveRateController("h", time: time);

        for (var i = 0; i < 500; i++)
        {
            var turn = controller.WaitTurnAsync(NoLimit, CancellationToken.None);
            Assert.True(turn.IsCompleted, "a request waited although the host never said to slow down");
            (await turn)!.Answered(false, null);
        }

        Assert.Null(controller.RequestsPerSecond);
        Assert.Null(controller.LearnedRequestsPerSecond);
    }

    [Fact]
    public async Task No_turn_is_given_before_a_Retry_After_has_passed_and_after_it_turns_are_paced_not_burst()
    {
        var host = await BusyHost.SendingAsync(perSecond: 40, seconds: 2);
        var (controller, time) = (host.Controller, host.Time);

        var refused = (await host.TurnAsync());
        refused.Answered(true, TimeSpan.FromSeconds(2));
        var learned = controller.LearnedRequestsPerSecond!.Value;
        var waiting = Enumerable.Range(0, 10).Select(_ => controller.WaitTurnAsync(NoLimit, CancellationToken.None).AsTask()).ToArray();

        time.Advance(TimeSpan.FromMilliseconds(1999));
        await Task.Delay(100);
        Assert.Equal(0, waiting.Count(w => w.IsCompleted));

        time.Advance(TimeSpan.FromMilliseconds(1));
        await WhenCountAsync(waiting, 1);
        await Task.Delay(100);
        Assert.Equal(1, waiting.Count(w => w.IsCompleted)); // the pause ended: one request, not ten

        time.Advance(TimeSpan.FromSeconds(1 / learned) + TimeSpan.FromMilliseconds(1));
        await WhenCountAsync(waiting, 2);
        await Task.Delay(100);
        Assert.Equal(2, waiting.Count(w => w.IsCompleted)); // then one per interval of the learned rate
        Assert.InRange(learned, 36, 40);
    }

    [Fact]
    public async Task A_single_stray_429_keeps_the_rate_just_achieved_and_probing_raises_it_again()
    {
        var host = await BusyHost.SendingAsync(perSecond: 100, seconds: 5);
        var (controller, time) = (host.Controller, host.Time);

        (await host.TurnAsync()).Answered(true, null);
        var learned = controller.LearnedRequestsPerSecond!.Value;
        await host.SendSteadilyAsync(perSecond: 100, seconds: 6);

        Assert.InRange(learned, 90, 100); // not halved: the host admitted 100/s until then
        Assert.True(controller.RequestsPerSecond >= 1.5 * learned, $"6 s after a stray 429 the pace is {controller.RequestsPerSecond}/s, barely above the {learned}/s it learned");
    }

    [Fact]
    public async Task Refusals_with_nothing_admitted_in_between_hold_the_pace_instead_of_collapsing_it()
    {
        var host = await BusyHost.SendingAsync(perSecond: 40, seconds: 2);
        var (controller, time) = (host.Controller, host.Time);
        (await host.TurnAsync()).Answered(true, TimeSpan.FromSeconds(1));
        var learned = controller.LearnedRequestsPerSecond;

        for (var storm = 0; storm < 10; storm++)
        {
            var turn = controller.WaitTurnAsync(NoLimit, CancellationToken.None).AsTask();
            time.Advance(TimeSpan.FromSeconds(1));
            (await turn.WaitAsync(TimeSpan.FromSeconds(10)))!.Answered(true, TimeSpan.FromSeconds(1));
        }

        Assert.Equal(learned, controller.LearnedRequestsPerSecond);
        Assert.Equal(11, controller.RateLimitedCount);
    }

    [Fact]
    public async Task Refusals_of_requests_sent_before_the_last_429_came_back_are_one_signal()
    {
        var host = await BusyHost.SendingAsync(perSecond: 80, seconds: 2);
        var (controller, time) = (host.Controller, host.Time);
        var sentTogether = new List<RequestTurn>();
        for (var i = 0; i < 8; i++)
        {
            sentTogether.Add((await host.TurnAsync()));
        }

        time.Advance(TimeSpan.FromMilliseconds(50));
        sentTogether[0].Answered(true, null);
        var learned = controller.LearnedRequestsPerSecond;
        foreach (var turn in sentTogether.Skip(1))
        {
            turn.Answered(true, null);
        }

        Assert.Equal(learned, controller.LearnedRequestsPerSecond);
        Assert.Equal(8, controller.RateLimitedCount);
    }

    [Fact]
    public async Task Callers_sending_one_request_at_a_time_are_measured_over_the_time_the_host_refilled_not_the_time_in_flight()
    {
        // A host admitting 5/s, paced at 8/s after its first 429; then the callers send a request every 200 ms, each
        // answered after 20 ms, until the host refuses one: it admitted 5/s, not 5 per 20 ms in flight.
        var host = await BusyHost.SendingAsync(perSecond: 8, seconds: 2);
        var (controller, time) = (host.Controller, host.Time);
        (await host.TurnAsync()).Answered(true, TimeSpan.FromSeconds(1));
        Assert.InRange(controller.LearnedRequestsPerSecond!.Value, 7, 8);

        time.Advance(TimeSpan.FromSeconds(1));
        for (var i = 0; i < 40; i++)
        {
            var turn = await GrantAsync(controller, time);
            time.Advance(TimeSpan.FromMilliseconds(20));
            turn.Answered(false, null);
            time.Advance(TimeSpan.FromMilliseconds(180));
        }

        (await GrantAsync(controller, time)).Answered(true, TimeSpan.FromSeconds(1));

        // 40 admitted in 9 s (the 1 s pause, then 8 s of requests): 4.4/s.
        Assert.InRange(controller.LearnedRequestsPerSecond!.Value, 4, 5);
    }

    [Theory]
    [InlineData(1.1)]
    [InlineData(10)]
    public async Task A_silence_after_a_429_counts_as_refill_time_only_as_long_as_the_hosts_bucket_takes_to_fill(double silentSeconds)
    {
        // After a 429 nobody asks for a turn (the refused requests wait out Retry-After outside the controller), then 8
        // requests go out at the pace of 16/s and the host refuses the next. Its bucket (a second's requests) was empty
        // at the first 429 and refilled for at most a second of the silence: 8 admitted in 1 + 0.5 s, 5.3/s. Neither
        // the 0.5 s of requests alone (16/s, the pace kept) nor the whole silence (0.7/s after 10 s) is what it admits.
        var host = await BusyHost.SendingAsync(perSecond: 16, seconds: 2);
        var (controller, time) = (host.Controller, host.Time);
        (await host.TurnAsync()).Answered(true, TimeSpan.FromSeconds(1));
        Assert.InRange(controller.LearnedRequestsPerSecond!.Value, 15, 16);

        time.Advance(TimeSpan.FromSeconds(silentSeconds));
        await host.SendSteadilyAsync(perSecond: 16, seconds: 0.5);
        (await GrantAsync(controller, time)).Answered(true, TimeSpan.FromSeconds(1));

        Assert.InRange(controller.LearnedRequestsPerSecond!.Value, 5, 5.6);
    }

    [Fact]
    public async Task A_hard_cap_paces_from_the_first_request_and_is_never_exceeded()
    {
        var time = new FakeTimeProvider();
        var controller = new AdaptiveRateController("h", maxRequestsPerSecond: 5, time: time);
        var started = time.GetUtcNow();

        for (var i = 0; i < 11; i++)
        {
            (await GrantAsync(controller, time, TimeSpan.FromMilliseconds(10))).Answered(false, null);
        }

        // One request may catch up on a late timer; after that one every 200 ms.
        Assert.True(time.GetUtcNow() - started >= TimeSpan.FromSeconds(1.8), $"11 requests at 5/s took {time.GetUtcNow() - started}");
        Assert.Equal(5, controller.RequestsPerSecond);
    }

    [Fact]
    public async Task Adjustments_are_reported_at_most_once_a_second_and_say_how_many_were_not()
    {
        var host = await BusyHost.SendingAsync(perSecond: 50, seconds: 2, name: "adb-1.example.net");

        var first = (await host.TurnAsync()).Answered(true, null);
        await host.SendSteadilyAsync(perSecond: 20, seconds: 0.5);
        var second = (await host.TurnAsync()).Answered(true, null);
        await host.SendSteadilyAsync(perSecond: 20, seconds: 0.6);
        var third = (await host.TurnAsync()).Answered(true, null);

        Assert.StartsWith("adb-1.example.net answered 429: pacing its requests at ", first, StringComparison.Ordinal);
        Assert.Null(second);
        Assert.NotNull(third);
        Assert.Contains("(1 more adjustment(s) since the last message.)", third, StringComparison.Ordinal);
    }

    /// <summary>Waits for a turn, moving the fake clock on by <paramref name="step"/> (1 ms) at a time while the controller makes it wait.</summary>
    private static async Task<RequestTurn> GrantAsync(AdaptiveRateController controller, FakeTimeProvider time, TimeSpan? step = null)
    {
        var turn = controller.WaitTurnAsync(NoLimit, CancellationToken.None).AsTask();
        for (var steps = 0; !turn.IsCompleted; steps++)
        {
            Assert.True(steps < 10_000, "no turn within 10,000 steps of fake time");
            time.Advance(step ?? TimeSpan.FromMilliseconds(1));
            await Task.WhenAny(turn, Task.Delay(1));
        }

        return (await turn)!;
    }

    /// <summary>A controller on a fake clock, and the requests a test sends through it.</summary>
    private sealed class BusyHost
    {
        private BusyHost(string name)
        {
            Controller = new AdaptiveRateController(name, time: Time);
        }

        public FakeTimeProvider Time { get; } = new();

        public AdaptiveRateController Controller { get; }

        /// <summary>A host that has been sent and has admitted <paramref name="perSecond"/> requests a second for <paramref name="seconds"/>.</summary>
        public static async Task<BusyHost> SendingAsync(double perSecond, double seconds, string name = "h")
        {
            var host = new BusyHost(name);
            await host.SendSteadilyAsync(perSecond, seconds);
            return host;
        }

        public async Task<RequestTurn> TurnAsync() => (await Controller.WaitTurnAsync(NoLimit, CancellationToken.None))!;

        /// <summary>Sends and admits requests at a steady rate (or as fast as the pace allows, when that is slower).</summary>
        public async Task SendSteadilyAsync(double perSecond, double seconds)
        {
            var step = TimeSpan.FromSeconds(1 / perSecond);
            for (var i = 0; i < (int)Math.Round(perSecond * seconds); i++)
            {
                Time.Advance(step);
                (await GrantAsync(Controller, Time)).Answered(false, null);
            }
        }
    }

    private static async Task WhenCountAsync(Task[] tasks, int count)
    {
        for (var i = 0; i < 500 && tasks.Count(t => t.IsCompleted) < count; i++)
        {
            await Task.Delay(10);
        }
    }
}

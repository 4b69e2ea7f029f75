using System.Diagnostics;
using System.Globalization;
using GenieObservability.Emulator;
using GenieObservability.Engine.Ingestion;
using static GenieObservability.Bench.IngestionWorkload;

namespace GenieObservability.Bench;

/// <summary>
/// Message ingestion against workspaces that rate-limit their message GETs (the emulator's token bucket: 429 with
/// Retry-After beyond it), end to end into a DuckDB temp file, with no rate set by the admin. Cases: two workspaces
/// admitting 40/s each; one at 20/s and one at 60/s (messages split in that proportion, so 80/s is reachable); no limit
/// (ratio to ThrottleLimit / latency and the speed-up over sequential); one workspace whose limit changes mid-run
/// (80, 20, 80/s), with the seconds the run needs to settle after each change. Prints a table of ratios and 429 shares.
/// </summary>
internal sealed class RateLimitBench : IBenchmark
{
    private const double SettledShare = 0.85;
    private const double SettledRejectedShare = 0.05;
    private const int SettleWindowSeconds = 5;

    public string Name => "ratelimit";

    public string Description => "ingestion under server-side rate limits, ratio to the admitted rate and 429 share: [--messages 2000] [--latency 50] [--throttle 16] [--sequential 200] [--phase-seconds 15,20,20] [--only two40|mixed|nolimit|changing] [--verbose]";

    public async Task RunAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var messages = Option(arguments, "--messages", 2000);
        var latency = Option(arguments, "--latency", 50);
        var throttle = Option(arguments, "--throttle", 16);
        var sequential = Option(arguments, "--sequential", 200);
        var only = arguments.SkipWhile(a => a != "--only").Skip(1).FirstOrDefault();
        var phases = (arguments.SkipWhile(a => a != "--phase-seconds").Skip(1).FirstOrDefault() ?? "15,20,20").Split(',').Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToArray();
        var log = new ProgressToStandardError(arguments.Contains("--verbose"));
        bool Runs(string name) => only is null || only == name;

        Console.WriteLine($"Rate-limit benchmark: {messages} messages, emulator latency {latency} ms, ThrottleLimit {throttle}, DuckDB temp file; limits on message GETs (token bucket of one second's requests, Retry-After when empty); no -MaxRequestsPerSecond");
        var rows = new List<Row>();
        if (Runs("two40"))
        {
            rows.Add(await LimitedAsync("two workspaces at 40/s", [40, 40], messages, latency, throttle, log).ConfigureAwait(false));
        }

        if (Runs("mixed"))
        {
            rows.Add(await LimitedAsync("one at 20/s, one at 60/s", [20, 60], messages, latency, throttle, log).ConfigureAwait(false));
        }

        if (Runs("nolimit"))
        {
            rows.AddRange(await UnlimitedAsync(messages, sequential, latency, throttle, log).ConfigureAwait(false));
        }

        if (Runs("changing"))
        {
            rows.Add(await ChangingAsync([(80, phases[0]), (20, phases[1]), (80, phases[2])], latency, throttle, log, cancellationToken).ConfigureAwait(false));
        }

        Console.WriteLine();
        Console.WriteLine($"{"case",-30} {"bound/s",8} {"msg/s",7} {"ratio",6} {"429 share",9} {"elapsed",8}  notes");
        foreach (var row in rows)
        {
            Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "{0,-30} {1,8:F1} {2,7:F1} {3,6:F3} {4,8:F1}% {5,7:F1}s  {6}", row.Case, row.Bound, row.Rate, row.Rate / row.Bound, row.RejectedShare * 100, row.Elapsed.TotalSeconds, row.Notes));
        }

        Console.WriteLine("targets: ratio >= 0.85 and 429 share <= 5 % under a limit; ratio >= 0.85 of ThrottleLimit / latency and >= 12x sequential without one");
    }

    /// <summary>Workspaces admitting <paramref name="rates"/> message GETs per second; messages split in the same proportion and interleaved.</summary>
    private static async Task<Row> LimitedAsync(string name, double[] rates, int messages, int latency, int throttle, IOperationLog log)
    {
        var total = rates.Sum();
        var counts = rates.Select(r => (int)Math.Round(messages * r / total)).ToArray();
        var emulators = new List<WorkspaceEmulator>();
        var rules = new List<RateLimitRule>();
        try
        {
            var from = 0;
            for (var w = 0; w < rates.Length; w++)
            {
                var emulator = await StartEmulatorAsync(from, counts[w], latency).ConfigureAwait(false);
                emulators.Add(emulator);
                var rule = new RateLimitRule { Method = "GET", PathPattern = MessagePathPattern, RequestsPerSecond = rates[w] };
                emulator.State.RateLimits.Add(rule);
                rules.Add(rule);
                from += counts[w];
            }

            Console.Error.WriteLine($"{name}: {string.Join(" + ", counts)} messages");
            using var session = NewSession(emulators[0].BaseAddress);
            var (summary, elapsed) = await IngestAsync(session, Interleaved(emulators, counts), Options(throttle), log).ConfigureAwait(false);
            RequireAllStored(summary, counts.Sum());

            // The most the buckets could admit in that time: the rate, plus the full bucket each starts with.
            var mostAdmissible = (total * elapsed.TotalSeconds) + rates.Sum(r => Math.Max(1, r));
            var settled = string.Join(", ", summary.WorkspaceRates.Select((w, i) => string.Format(CultureInfo.InvariantCulture, "{0:0.#}/s ({1} x 429)", w.SettledRequestsPerSecond, w.RateLimited)));
            return new Row(
                name,
                total,
                summary.Stored / elapsed.TotalSeconds,
                RejectedShare(rules),
                elapsed,
                string.Format(CultureInfo.InvariantCulture, "ratio to what the buckets could admit incl. their initial burst {0:F3}; settled at {1}", summary.Stored / mostAdmissible, settled));
        }
        finally
        {
            foreach (var emulator in emulators)
            {
                await emulator.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static async Task<IEnumerable<Row>> UnlimitedAsync(int messages, int sequential, int latency, int throttle, IOperationLog log)
    {
        var bound = throttle * 1000.0 / latency;
        var parallel = await UnlimitedRunAsync(messages, latency, throttle, log).ConfigureAwait(false);
        var rows = new List<Row> { new("no limit", bound, parallel.Rate, 0, parallel.Elapsed, $"bound = ThrottleLimit / latency") };
        if (sequential > 0)
        {
            var one = await UnlimitedRunAsync(sequential, latency, 1, log).ConfigureAwait(false);
            rows.Add(new("no limit, sequential", 1000.0 / latency, one.Rate, 0, one.Elapsed, string.Format(CultureInfo.InvariantCulture, "ThrottleLimit {0} is {1:F1}x sequential", throttle, parallel.Rate / one.Rate)));
        }

        return rows;
    }

    private static async Task<(double Rate, TimeSpan Elapsed)> UnlimitedRunAsync(int messages, int latency, int throttle, IOperationLog log)
    {
        await using var emulator = await StartEmulatorAsync(0, messages, latency).ConfigureAwait(false);
        using var session = NewSession(emulator.BaseAddress);
        var (summary, elapsed) = await IngestAsync(session, Items(emulator.BaseAddress, messages), Options(throttle), log).ConfigureAwait(false);
        RequireAllStored(summary, messages);
        return (summary.Stored / elapsed.TotalSeconds, elapsed);
    }

    /// <summary>One workspace whose admitted rate changes at the phase boundaries; messages are offered until the last phase ends.</summary>
    private static async Task<Row> ChangingAsync((double Rate, int Seconds)[] phases, int latency, int throttle, IOperationLog log, CancellationToken cancellationToken)
    {
        var duration = phases.Sum(p => p.Seconds);
        var seeded = (int)(phases.Sum(p => p.Rate * p.Seconds) * 1.5) + 500;
        await using var emulator = await StartEmulatorAsync(0, seeded, latency).ConfigureAwait(false);
        var rule = new RateLimitRule { Method = "GET", PathPattern = MessagePathPattern, RequestsPerSecond = phases[0].Rate };
        var ruleId = emulator.State.RateLimits.Add(rule);
        Console.Error.WriteLine($"changing limit: {string.Join(" -> ", phases.Select(p => $"{p.Rate}/s for {p.Seconds} s"))}");

        using var session = NewSession(emulator.BaseAddress);
        var run = new PhaseClock();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var changes = Task.Run(
            async () =>
            {
                await run.Started.WaitAsync(stop.Token).ConfigureAwait(false);
                foreach (var (rate, seconds) in phases.Skip(1).Select((p, i) => (p.Rate, phases.Take(i + 1).Sum(q => q.Seconds))))
                {
                    var wait = TimeSpan.FromSeconds(seconds) - run.Elapsed;
                    if (wait > TimeSpan.Zero)
                    {
                        await Task.Delay(wait, stop.Token).ConfigureAwait(false);
                    }

                    emulator.State.RateLimits.SetRate(ruleId, rate);
                    Console.Error.WriteLine($"  limit now {rate}/s");
                }
            },
            CancellationToken.None);

        var (summary, elapsed) = await IngestAsync(session, Until(emulator.BaseAddress, seeded, run, TimeSpan.FromSeconds(duration)), Options(throttle), log).ConfigureAwait(false);
        await stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await changes.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        RequireAllStored(summary, summary.Received);
        var requests = emulator.State.Requests.Entries.Where(e => e.Method == "GET" && e.Path.Contains("/messages/", StringComparison.Ordinal)).ToArray();
        var admittedPerSecond = new int[duration + 5];
        var rejectedPerSecond = new int[duration + 5];
        foreach (var request in requests)
        {
            var second = (int)(request.ReceivedAt - run.StartedAt).TotalSeconds;
            if (second >= 0 && second < admittedPerSecond.Length)
            {
                (request.Status == 429 ? rejectedPerSecond : admittedPerSecond)[second]++;
            }
        }

        Console.WriteLine("  per second (admitted/429): " + string.Join(" ", admittedPerSecond.Zip(rejectedPerSecond).Take(duration).Select(p => $"{p.First}/{p.Second}")));
        var notes = new List<string>();
        var phaseStart = phases[0].Seconds;
        foreach (var (rate, seconds) in phases.Skip(1))
        {
            var settle = SettleSeconds(admittedPerSecond, rejectedPerSecond, phaseStart, phaseStart + seconds, rate);
            notes.Add(string.Format(CultureInfo.InvariantCulture, "to {0}/s: {1}", rate, settle is { } s ? $"settled after {s} s" : "not settled"));
            phaseStart += seconds;
        }

        var bound = phases.Sum(p => p.Rate * p.Seconds) / (double)duration;
        return new Row("limit 80 -> 20 -> 80/s", bound, summary.Stored / elapsed.TotalSeconds, RejectedShare([rule]), elapsed, string.Join("; ", notes) + $" (settled: every {SettleWindowSeconds} s window after it admits >= {SettledShare:0%} of the limit with <= {SettledRejectedShare:0%} answered 429)");
    }

    /// <summary>Seconds after the change at <paramref name="from"/> from which every window of the phase is settled; null when none is.</summary>
    private static int? SettleSeconds(int[] admitted, int[] rejected, int from, int to, double rate)
    {
        for (var start = from; start + SettleWindowSeconds <= to; start++)
        {
            var settled = true;
            for (var window = start; window + SettleWindowSeconds <= to && settled; window++)
            {
                var a = admitted.Skip(window).Take(SettleWindowSeconds).Sum();
                var r = rejected.Skip(window).Take(SettleWindowSeconds).Sum();
                settled = a >= SettledShare * rate * SettleWindowSeconds && r <= SettledRejectedShare * (a + r);
            }

            if (settled)
            {
                return start - from;
            }
        }

        return null;
    }

    /// <summary>Messages for as long as the phases last; the phases start with the first message, not with the set-up before it.</summary>
    private static async IAsyncEnumerable<MessageFetchItem> Until(Uri host, int count, PhaseClock run, TimeSpan duration)
    {
        run.Start();
        for (var n = 0; n < count && run.Elapsed < duration; n++)
        {
            yield return Item(host, n);
            await Task.Yield();
        }
    }

    /// <summary>The messages of every workspace, interleaved in proportion to their counts (as the audit log mixes them).</summary>
    private static async IAsyncEnumerable<MessageFetchItem> Interleaved(List<WorkspaceEmulator> emulators, int[] counts)
    {
        var order = counts
            .SelectMany((count, w) => Enumerable.Range(0, count).Select(j => (Position: (j + 0.5) / count, Workspace: w, Index: counts.Take(w).Sum() + j)))
            .OrderBy(p => p.Position)
            .ThenBy(p => p.Workspace);
        foreach (var (_, workspace, index) in order)
        {
            yield return Item(emulators[workspace].BaseAddress, index, (1_000_000_000_000_001L + workspace).ToString(CultureInfo.InvariantCulture));
            await Task.Yield();
        }
    }

    private static MessageIngestionOptions Options(int throttle) => new() { ThrottleLimit = throttle, BatchSize = 500, ProgressInterval = TimeSpan.FromSeconds(5) };

    private static double RejectedShare(IEnumerable<RateLimitRule> rules)
    {
        var admitted = rules.Sum(r => r.Admitted);
        var rejected = rules.Sum(r => r.Rejected);
        return rejected / (double)Math.Max(1, admitted + rejected);
    }

    private static void RequireAllStored(MessageIngestionSummary summary, long expected)
    {
        if (summary.Stored != expected || summary.Failed != 0)
        {
            throw new InvalidOperationException($"Expected {expected} stored, got {summary.Stored} stored and {summary.Failed} failed ({string.Join(", ", summary.FailedByType.Select(p => $"{p.Key}={p.Value}"))}).");
        }
    }

    /// <summary>When the changing-limit run started sending: the phases and the per-second timeline count from there.</summary>
    private sealed class PhaseClock
    {
        private readonly Stopwatch _clock = new();
        private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Started => _started.Task;

        public DateTimeOffset StartedAt { get; private set; }

        public TimeSpan Elapsed => _clock.Elapsed;

        public void Start()
        {
            StartedAt = DateTimeOffset.UtcNow;
            _clock.Start();
            _started.TrySetResult();
        }
    }

    private sealed record Row(string Case, double Bound, double Rate, double RejectedShare, TimeSpan Elapsed, string Notes);
}

using System.Globalization;

namespace GenieObservability.Engine.Http;

/// <summary>
/// The request rate one workspace host admits, learned from its answers, and the pacing of every request to that host.
/// One per <see cref="DatabricksApiClient"/>, so every caller of a host (message import, space sync, publish, the
/// Statement API warehouse, list calls) shares it.
/// <list type="bullet">
/// <item>Until the host first answers 429 nothing is paced: requests go out as fast as the callers' concurrency allows,
/// or at <see cref="MaxRequestsPerSecond"/> when the client has that hard cap.</item>
/// <item>A 429 sets the rate to what the host admitted since the previous 429 (its other answers per second, over at
/// most the last 10 s; a silence counts only as long as the host's bucket takes to fill up), never cutting it below a
/// quarter and never raising it. One decision per round trip:
/// 429s to requests sent before the last one came back are the same signal; a 429 with nothing admitted since the last
/// one says nothing about the rate and keeps it. A Retry-After holds back every request to the host until it has passed.</item>
/// <item>Requests are then paced evenly at that rate (no burst when a pause ends), and the rate is probed upwards along
/// a cubic curve: slow near the learned rate, fast far beyond it. A limit that was raised is found again within
/// seconds, and a stray 429 costs seconds, not the rest of the run.</item>
/// </list>
/// </summary>
public sealed class AdaptiveRateController
{
    /// <summary>Seconds the probing curve takes to double the learned rate.</summary>
    private const double ProbeSeconds = 6;

    /// <summary>The deepest cut one 429 makes, a guard against an admitted rate measured while callers sent slowly.</summary>
    private const double MaxDecrease = 0.25;

    private const double MinRequestsPerSecond = 0.2;
    private const double AdmittedWindowSeconds = 10;
    private const double SendRateWindowSeconds = 1;

    /// <summary>
    /// How long a host's bucket takes at least to fill up from empty: it holds a second's requests (a limit of N per second
    /// admits a burst of N), and at least one request.
    /// </summary>
    private const double MinBucketSeconds = 1;

    /// <summary>A shorter window says too little about what the host admits; the rate is then halved.</summary>
    private const double MinAdmittedWindowSeconds = 0.25;

    private const double UnknownDecrease = 0.5;

    /// <summary>How far a paced request may catch up on a timer that fired late: about one request, never a burst.</summary>
    private const double CatchUpSeconds = 0.02;

    /// <summary>Times closer than this (seconds) are the same: rounding of the clock arithmetic must not make a timer of 0 ms spin.</summary>
    private const double Tolerance = 1e-6;

    private const double ReportIntervalSeconds = 1;
    private const double ReportedGrowth = 1.25;

    private readonly object _gate = new();
    private readonly string _host;
    private readonly TimeProvider _time;
    private readonly long _origin;
    private readonly double _ceiling;
    private readonly RecentEvents _sent = new();
    private readonly RecentEvents _admitted = new();
    private bool _learned;
    private double _learnedRate;
    private double _decreasedAt = double.NegativeInfinity;
    private double _signalAt = double.NegativeInfinity;
    private double _pausedUntil = double.NegativeInfinity;
    private double _nextTurn = double.NegativeInfinity;
    private long _epoch;
    private double _firstSentAt = double.NaN;
    private double _firstAdmittedAt = double.NaN;
    private long _rateLimited;
    private double _reportedAt = double.NegativeInfinity;
    private double _reportedRate;
    private int _unreported;

    /// <param name="host">The workspace host, for the adjustment messages.</param>
    /// <param name="maxRequestsPerSecond">A hard cap on the pace, whatever the host admits; null for none.</param>
    /// <param name="time">The clock (tests pass a fake one).</param>
    public AdaptiveRateController(string host, double? maxRequestsPerSecond = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(host);
        if (maxRequestsPerSecond is { } cap && !(cap > 0 && !double.IsInfinity(cap)))
        {
            throw new ArgumentOutOfRangeException(nameof(maxRequestsPerSecond), "The cap must be a positive number of requests per second.");
        }

        _host = host;
        _ceiling = maxRequestsPerSecond ?? double.PositiveInfinity;
        _time = time ?? TimeProvider.System;
        _origin = _time.GetTimestamp();
    }

    /// <summary>The hard cap of every caller of this host; null when none.</summary>
    public double? MaxRequestsPerSecond => double.IsInfinity(_ceiling) ? null : _ceiling;

    /// <summary>The rate set at the last 429, i.e. what the host admitted then; null while the host never answered 429.</summary>
    public double? LearnedRequestsPerSecond
    {
        get
        {
            lock (_gate)
            {
                return _learned ? _learnedRate : null;
            }
        }
    }

    /// <summary>The pace right now (the learned rate plus what probing added since); null while nothing is paced.</summary>
    public double? RequestsPerSecond
    {
        get
        {
            lock (_gate)
            {
                var rate = CurrentRate(Now);
                return double.IsPositiveInfinity(rate) ? null : rate;
            }
        }
    }

    /// <summary>How long the host's last Retry-After still holds requests back; zero when it has passed.</summary>
    public TimeSpan PauseRemaining
    {
        get
        {
            lock (_gate)
            {
                var remaining = _pausedUntil - Now;
                return remaining > 0 ? TimeSpan.FromSeconds(remaining) : TimeSpan.Zero;
            }
        }
    }

    /// <summary>429 answers the host sent, to every caller.</summary>
    public long RateLimitedCount => Interlocked.Read(ref _rateLimited);

    private bool Paces => _learned || !double.IsPositiveInfinity(_ceiling);

    /// <summary>Seconds since the controller was made: small numbers keep the arithmetic exact to well below a millisecond.</summary>
    private double Now => (_time.GetTimestamp() - _origin) / (double)_time.TimestampFrequency;

    /// <summary>
    /// Waits for one request's turn: after every Retry-After the host sent, then at the paced rate. Returns the turn, to
    /// report the answer on; or null, at once, when a pending Retry-After would keep it waiting longer than <paramref name="maxWait"/>.
    /// </summary>
    public async ValueTask<RequestTurn?> WaitTurnAsync(TimeSpan maxWait, CancellationToken cancellationToken)
    {
        // A turn is reserved on the paced schedule, then slept for. It is void when the host said to slow down meanwhile
        // (a decrease starts a new schedule; a Retry-After may now reach past it): the request then takes a new one.
        var turn = double.NaN;
        var epoch = -1L;
        while (true)
        {
            double wait;
            lock (_gate)
            {
                var now = Now;
                if (_pausedUntil - now > maxWait.TotalSeconds)
                {
                    return null;
                }

                if (!Paces && now >= _pausedUntil)
                {
                    return Sent(now);
                }

                if (epoch != _epoch || turn < _pausedUntil)
                {
                    var rate = CurrentRate(now);
                    var interval = double.IsPositiveInfinity(rate) ? 0 : 1 / rate;
                    turn = Math.Max(_pausedUntil, Math.Max(_nextTurn, now - Math.Max(interval, CatchUpSeconds)));
                    epoch = _epoch;
                    _nextTurn = turn + interval;
                }

                wait = turn - now;
                if (wait <= Tolerance)
                {
                    return Sent(now);
                }
            }

            // Whole milliseconds (timers have no finer grain), rounded up, but not for a rounding error of the arithmetic.
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Ceiling((wait - Tolerance) * 1000)), _time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Learns from the answer to a request let through at <paramref name="sentAt"/>: any answer other than 429 counts
    /// as admitted. Returns a line for -Verbose when the rate changed and a line is due (at most one a second per host,
    /// so a storm of 429s does not flood the stream).
    /// </summary>
    internal string? Answer(double sentAt, bool rateLimited, TimeSpan? retryAfter)
    {
        lock (_gate)
        {
            var now = Now;
            return rateLimited ? Throttled(now, sentAt, retryAfter) : Admitted(now);
        }
    }

    private string? Admitted(double now)
    {
        _admitted.Add(now);
        if (double.IsNaN(_firstAdmittedAt))
        {
            _firstAdmittedAt = now;
        }

        return ReportGrowth(now);
    }

    private string? Throttled(double now, double sentAt, TimeSpan? retryAfter)
    {
        Interlocked.Increment(ref _rateLimited);
        var from = _learned ? CurrentRate(now) : Math.Min(SendRate(now), _ceiling);
        var pause = retryAfter is { } wait && wait > TimeSpan.Zero ? wait.TotalSeconds : 0;
        _pausedUntil = Math.Max(_pausedUntil, now + pause);
        if (sentAt < _signalAt)
        {
            return null; // sent before the last 429 came back: the same signal, already acted on
        }

        // What the host admitted between this 429 and the previous one (over at most 10 s), per second: its bucket was
        // empty at both, so what it admitted in between is what it refilled. It refills in every second, those without
        // a request (a Retry-After pause, callers that send one request at a time) as much as the others, but not beyond
        // full: of a silence only the time the bucket takes to fill counts.
        // The first 429 has no previous one: the last second tells what the host admits now.
        var bucketSeconds = Math.Max(MinBucketSeconds, 1 / Math.Max(from, MinRequestsPerSecond));
        var windowStart = double.IsNegativeInfinity(_signalAt) ? RecentStart(now) : Math.Max(now - AdmittedWindowSeconds, _signalAt);
        var admittedCount = _admitted.CountAfter(windowStart, out var coveredFrom);
        var span = _sent.SecondsWithGapsUpTo(coveredFrom, now, bucketSeconds);
        _signalAt = now;
        if (_learned && admittedCount == 0)
        {
            // Refused again with nothing admitted in between: no news about the rate (the host refuses everything for
            // now). The pause already holds every request back; cutting the pace on each such 429 would only collapse it.
            return Report(now, CurrentRate(now), string.Format(CultureInfo.InvariantCulture, "{0} answered 429 again with nothing admitted since the last one: no request to it for {1:0.#} s, pace kept at {2:0.#}/s.", _host, _pausedUntil - now, CurrentRate(now)));
        }

        var known = span >= MinAdmittedWindowSeconds;
        var admitted = known ? admittedCount / span : 0;
        var to = Math.Min(Math.Max(known ? Math.Clamp(admitted, from * MaxDecrease, from) : from * UnknownDecrease, MinRequestsPerSecond), _ceiling);
        _learned = true;
        _learnedRate = to;
        _decreasedAt = now;
        _epoch++;
        _nextTurn = double.NegativeInfinity;
        var message = string.Format(
            CultureInfo.InvariantCulture,
            "{0} answered 429{1}: pacing its requests at {2:0.#}/s (was {3}; it admitted {4}){5}.",
            _host,
            pause > 0 ? string.Format(CultureInfo.InvariantCulture, " with Retry-After {0:0.#} s", pause) : string.Empty,
            to,
            double.IsPositiveInfinity(from) ? "unpaced" : from.ToString("0.#/s", CultureInfo.InvariantCulture),
            known ? string.Format(CultureInfo.InvariantCulture, "{0:0.#}/s over the last {1:0.#} s", admitted, span) : "too few answers to tell",
            pause > 0 ? string.Format(CultureInfo.InvariantCulture, "; no request to it for {0:0.#} s", _pausedUntil - now) : string.Empty);
        return Report(now, to, message);
    }

    private RequestTurn Sent(double now)
    {
        _sent.Add(now);
        if (double.IsNaN(_firstSentAt))
        {
            _firstSentAt = now;
        }

        return new RequestTurn(this, now);
    }

    private double CurrentRate(double now)
    {
        if (!_learned)
        {
            return _ceiling;
        }

        var probing = Math.Max(0, now - Math.Max(_decreasedAt, _pausedUntil));
        var rate = _learnedRate * (1 + Math.Pow(probing / ProbeSeconds, 3));

        // Never more than twice what is really sent: a pace nobody uses (callers' concurrency is the limit) proves nothing.
        rate = Math.Min(rate, Math.Max(_learnedRate, 2 * SendRate(now)));
        return Math.Min(rate, _ceiling);
    }

    private double SendRate(double now)
    {
        if (double.IsNaN(_firstSentAt))
        {
            return 0;
        }

        var count = _sent.CountAfter(RecentStart(now), out var coveredFrom);
        return count / Math.Max(now - coveredFrom, 0.05);
    }

    /// <summary>
    /// Where "recently" starts: a second ago, or when the first answer came if that is later. A run's first requests wait
    /// for connections and warm-up; counting from when they were sent would take that for the host's pace.
    /// </summary>
    private double RecentStart(double now) => Math.Max(now - SendRateWindowSeconds, double.IsNaN(_firstAdmittedAt) ? _firstSentAt : _firstAdmittedAt);

    private string? ReportGrowth(double now)
    {
        if (!_learned || now - _reportedAt < ReportIntervalSeconds)
        {
            return null;
        }

        var rate = CurrentRate(now);
        return rate >= _reportedRate * ReportedGrowth
            ? Report(now, rate, string.Format(CultureInfo.InvariantCulture, "{0}: no 429 for {1:0.#} s, pacing its requests at {2:0.#}/s.", _host, now - _decreasedAt, rate))
            : null;
    }

    private string? Report(double now, double rate, string message)
    {
        if (now - _reportedAt < ReportIntervalSeconds)
        {
            _unreported++;
            return null;
        }

        var skipped = _unreported;
        _unreported = 0;
        _reportedAt = now;
        _reportedRate = rate;
        return skipped == 0 ? message : string.Format(CultureInfo.InvariantCulture, "{0} ({1} more adjustment(s) since the last message.)", message, skipped);
    }
}

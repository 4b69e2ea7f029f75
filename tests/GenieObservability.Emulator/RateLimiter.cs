using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace GenieObservability.Emulator;

/// <summary>
/// A server-side rate limit on the requests whose method and path match: a token bucket that refills at
/// <see cref="RequestsPerSecond"/> up to <see cref="Burst"/> tokens. A request that finds no token is answered 429
/// REQUEST_LIMIT_EXCEEDED with Retry-After (contract §2–3), as a workspace beyond its limit does.
/// </summary>
public sealed class RateLimitRule
{
    private readonly object _gate = new();
    private Regex? _regex;
    private double _requestsPerSecond;
    private double? _burst;
    private double _tokens = double.NaN;
    private long _refilledAt;
    private long _admitted;
    private long _rejected;

    public string? Method { get; set; }

    /// <summary>A regular expression matched against the request path.</summary>
    public string PathPattern { get; set; } = "^/api/";

    /// <summary>Tokens added per second: the rate the workspace admits. Change it mid-run with <see cref="RateLimiter.SetRate"/>.</summary>
    public double RequestsPerSecond
    {
        get
        {
            lock (_gate)
            {
                return _requestsPerSecond;
            }
        }

        set
        {
            lock (_gate)
            {
                // Tokens earned so far at the old rate are kept (up to the new bucket size); the new rate applies from now.
                var started = !double.IsNaN(_tokens);
                if (started)
                {
                    Refill(System.Diagnostics.Stopwatch.GetTimestamp());
                }

                _requestsPerSecond = value;
                if (started)
                {
                    _tokens = Math.Min(_tokens, Capacity);
                }
            }
        }
    }

    /// <summary>Bucket size (the burst a full bucket admits at once); one second's worth of requests when null.</summary>
    public double? Burst
    {
        get => _burst;
        set => _burst = value;
    }

    /// <summary>The Retry-After sent with a 429; when null, the seconds until the next token, rounded up (at least 1).</summary>
    public int? RetryAfterSeconds { get; set; }

    public long Admitted => Interlocked.Read(ref _admitted);

    public long Rejected => Interlocked.Read(ref _rejected);

    internal int Id { get; set; }

    private double Capacity => Math.Max(1, _burst ?? _requestsPerSecond);

    internal bool Matches(HttpRequest request) =>
        (Method is null || string.Equals(Method, request.Method, StringComparison.OrdinalIgnoreCase))
        && (_regex ??= new Regex(PathPattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1))).IsMatch(request.Path.Value ?? "/");

    /// <summary>Takes a token, or says how long until one is there (the Retry-After of the 429).</summary>
    internal bool TryTake(long now, out int retryAfterSeconds)
    {
        lock (_gate)
        {
            Refill(now);
            if (_tokens >= 1)
            {
                _tokens -= 1;
                _admitted++;
                retryAfterSeconds = 0;
                return true;
            }

            _rejected++;
            var untilNextToken = _requestsPerSecond > 0 ? (1 - _tokens) / _requestsPerSecond : 60;
            retryAfterSeconds = RetryAfterSeconds ?? Math.Max(1, (int)Math.Ceiling(untilNextToken));
            return false;
        }
    }

    private void Refill(long now)
    {
        if (double.IsNaN(_tokens))
        {
            _tokens = Capacity; // a workspace nobody called yet has its whole burst available
        }
        else if (now > _refilledAt)
        {
            var elapsed = (now - _refilledAt) / (double)System.Diagnostics.Stopwatch.Frequency;
            _tokens = Math.Min(Capacity, _tokens + (elapsed * _requestsPerSecond));
        }

        _refilledAt = now;
    }
}

/// <summary>The rate limits of one emulated workspace; every matching rule must have a token for a request to pass.</summary>
public sealed class RateLimiter
{
    private readonly ConcurrentDictionary<int, RateLimitRule> _rules = new();
    private int _nextId;

    public IReadOnlyList<RateLimitRule> Rules => _rules.Values.OrderBy(r => r.Id).ToArray();

    public int Add(RateLimitRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        if (!(rule.RequestsPerSecond >= 0) || rule.Burst is < 1)
        {
            throw new ArgumentException("A rate limit needs RequestsPerSecond >= 0 and, when given, Burst >= 1.", nameof(rule));
        }

        rule.Id = Interlocked.Increment(ref _nextId);
        _rules[rule.Id] = rule;
        return rule.Id;
    }

    /// <summary>Changes the admitted rate of rule <paramref name="id"/> from now on; false when there is no such rule.</summary>
    public bool SetRate(int id, double requestsPerSecond)
    {
        if (!_rules.TryGetValue(id, out var rule))
        {
            return false;
        }

        rule.RequestsPerSecond = requestsPerSecond;
        return true;
    }

    public void Clear() => _rules.Clear();

    /// <summary>Null when the request may pass; otherwise the Retry-After, in seconds, of its 429.</summary>
    internal int? Check(HttpRequest request)
    {
        var now = System.Diagnostics.Stopwatch.GetTimestamp();
        foreach (var rule in _rules.Values.OrderBy(r => r.Id))
        {
            if (rule.Matches(request) && !rule.TryTake(now, out var retryAfter))
            {
                return retryAfter;
            }
        }

        return null;
    }
}

internal sealed class RateLimitMiddleware(RequestDelegate next, EmulatorState state)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Request.Path.StartsWithSegments("/_emulator", StringComparison.Ordinal) || state.RateLimits.Check(context.Request) is not { } retryAfter)
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        // Refused when it arrives, answered after the workspace's usual response time, as a gateway in front of it would.
        if (state.ApiLatencyMilliseconds > 0)
        {
            await Task.Delay(state.ApiLatencyMilliseconds, context.RequestAborted).ConfigureAwait(false);
        }

        context.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        await DatabricksErrors.WriteAsync(context, 429, "REQUEST_LIMIT_EXCEEDED", "The workspace has exceeded its request rate limit. Please retry after a while.").ConfigureAwait(false);
    }
}

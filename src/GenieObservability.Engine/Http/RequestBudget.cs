namespace GenieObservability.Engine.Http;

/// <summary>
/// A token bucket of requests per second: one caller's own cap on a workspace (see <see cref="RequestScope"/>). After
/// idle time it allows a burst of up to one second's worth of requests, then spaces them evenly (a virtual-schedule
/// bucket: no timer, no background task); the host's <see cref="AdaptiveRateController"/> paces them again after it.
/// </summary>
public sealed class RequestBudget
{
    private readonly object _gate = new();
    private readonly TimeProvider _time;
    private readonly double _intervalTicks;
    private readonly double _burstTicks;
    private double _nextFreeTicks;

    public RequestBudget(double requestsPerSecond, TimeProvider? time = null)
    {
        if (!(requestsPerSecond > 0) || double.IsInfinity(requestsPerSecond))
        {
            throw new ArgumentOutOfRangeException(nameof(requestsPerSecond), "The request budget must be a positive number of requests per second.");
        }

        _time = time ?? TimeProvider.System;
        RequestsPerSecond = requestsPerSecond;
        _intervalTicks = TimeSpan.TicksPerSecond / requestsPerSecond;
        _burstTicks = Math.Max(0, Math.Floor(requestsPerSecond) - 1) * _intervalTicks;
        _nextFreeTicks = Now;
    }

    public double RequestsPerSecond { get; }

    private double Now => (double)_time.GetTimestamp() * TimeSpan.TicksPerSecond / _time.TimestampFrequency;

    /// <summary>Waits until this caller may send one request; returns how long it waited.</summary>
    public async ValueTask<TimeSpan> WaitAsync(CancellationToken cancellationToken)
    {
        double waitTicks;
        lock (_gate)
        {
            var now = Now;
            var next = Math.Max(_nextFreeTicks, now - _burstTicks);
            waitTicks = next - now;
            _nextFreeTicks = next + _intervalTicks;
        }

        if (waitTicks <= 0)
        {
            return TimeSpan.Zero;
        }

        var wait = TimeSpan.FromTicks((long)waitTicks);
        await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
        return wait;
    }
}

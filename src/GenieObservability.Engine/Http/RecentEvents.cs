namespace GenieObservability.Engine.Http;

/// <summary>
/// The times of the most recent events (requests sent, requests admitted), to count how many happened since a moment.
/// A ring of fixed size: counts reach back as far as the ring does, and say how far that was. Not thread-safe; the
/// owner locks.
/// </summary>
internal sealed class RecentEvents(int capacity = 8192)
{
    private readonly double[] _times = new double[capacity];
    private int _next;
    private int _count;

    /// <summary>Records an event at <paramref name="now"/> (seconds, never earlier than the previous one).</summary>
    public void Add(double now)
    {
        _times[_next] = now;
        _next = (_next + 1) % _times.Length;
        _count = Math.Min(_count + 1, _times.Length);
    }

    /// <summary>
    /// Events after <paramref name="since"/>. <paramref name="coveredFrom"/> is where the count really starts:
    /// <paramref name="since"/>, or the oldest event kept when the ring does not reach back that far.
    /// </summary>
    public int CountAfter(double since, out double coveredFrom)
    {
        coveredFrom = since;
        if (_count == 0)
        {
            return 0;
        }

        if (_count == _times.Length && _times[Oldest] > since)
        {
            coveredFrom = _times[Oldest];
            return _count;
        }

        return _count - FirstAfter(since);
    }

    /// <summary>
    /// The seconds from <paramref name="since"/> to <paramref name="until"/>, where a gap between events (or between an
    /// end and the nearest event) longer than <paramref name="maxGap"/> counts as only <paramref name="maxGap"/>.
    /// </summary>
    public double SecondsWithGapsUpTo(double since, double until, double maxGap)
    {
        var seconds = 0.0;
        var previous = since;
        for (var i = FirstAfter(since); i < _count; i++)
        {
            var time = _times[(Oldest + i) % _times.Length];
            if (time >= until)
            {
                break;
            }

            seconds += Math.Min(time - previous, maxGap);
            previous = time;
        }

        return seconds + Math.Min(Math.Max(until - previous, 0), maxGap);
    }

    private int Oldest => (_next - _count + _times.Length) % _times.Length;

    /// <summary>The position (0 = oldest kept) of the first event after <paramref name="since"/>: a binary search over the ring.</summary>
    private int FirstAfter(double since)
    {
        int low = 0, high = _count;
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (_times[(Oldest + middle) % _times.Length] <= since)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }
}

using System.Globalization;
using System.Net.Http.Headers;

namespace GenieObservability.Engine.Http;

/// <summary>
/// Retry-After, for the Databricks API and the token endpoints alike: integer seconds, an HTTP date, or (some proxies)
/// fractional seconds. A wait in the past is zero, never negative; null when the header is absent or unreadable.
/// </summary>
public static class RetryAfterHeader
{
    private const double MaxSeconds = 86400;

    public static TimeSpan? Parse(HttpResponseHeaders headers, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var value = headers.RetryAfter;
        if (value?.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }

        if (value?.Date is { } date)
        {
            var wait = date - (clock ?? TimeProvider.System).GetUtcNow();
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        // The typed header rejects fractional seconds.
        if (headers.TryGetValues("Retry-After", out var raw)
            && double.TryParse(raw.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0 && seconds < MaxSeconds)
        {
            return TimeSpan.FromSeconds(seconds);
        }

        return null;
    }
}

using System.Net.Http.Headers;
using GenieObservability.Engine.Http;

namespace GenieObservability.Engine.Tests.Http;

public sealed class RetryAfterHeaderTests
{
    private readonly ManualClock _clock = new();

    private static HttpResponseHeaders Headers(Action<HttpResponseHeaders> set)
    {
        using var response = new HttpResponseMessage();
        set(response.Headers);
        return response.Headers;
    }

    [Fact]
    public void An_http_date_is_the_wait_from_now_and_a_date_in_the_past_waits_zero_never_negative()
    {
        var now = _clock.GetUtcNow();
        var ahead = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, now.Second, TimeSpan.Zero).AddSeconds(30);
        Assert.Equal(ahead - now, RetryAfterHeader.Parse(Headers(h => h.RetryAfter = new RetryConditionHeaderValue(ahead)), _clock));
        Assert.Equal(TimeSpan.Zero, RetryAfterHeader.Parse(Headers(h => h.RetryAfter = new RetryConditionHeaderValue(now.AddMinutes(-5))), _clock));
    }

    [Fact]
    public void Seconds_whole_or_fractional_are_read_and_an_absent_or_unreadable_header_is_null()
    {
        Assert.Equal(TimeSpan.FromSeconds(7), RetryAfterHeader.Parse(Headers(h => h.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(7)))));
        Assert.Equal(TimeSpan.FromSeconds(1.5), RetryAfterHeader.Parse(Headers(h => h.TryAddWithoutValidation("Retry-After", "1.5"))));
        Assert.Null(RetryAfterHeader.Parse(Headers(_ => { })));
        Assert.Null(RetryAfterHeader.Parse(Headers(h => h.TryAddWithoutValidation("Retry-After", "-3"))));
    }
}

namespace GenieObservability.Engine.Tests;

/// <summary>A clock tests move by hand, so expiry and "7-day gap" decisions are exact and take no time (the emulator keeps real time).</summary>
internal sealed class ManualClock : TimeProvider
{
    public ManualClock()
        : this(DateTime.UtcNow)
    {
    }

    public ManualClock(DateTime utcNow) => UtcNow = DateTime.SpecifyKind(utcNow, DateTimeKind.Utc);

    public DateTime UtcNow { get; set; }

    public override DateTimeOffset GetUtcNow() => new(UtcNow, TimeSpan.Zero);

    public void Advance(TimeSpan by) => UtcNow += by;
}

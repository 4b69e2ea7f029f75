namespace GenieObservability.Engine.Tests.Auth;

/// <summary>A clock tests move by hand, so expiry decisions are exact (the emulator keeps real time).</summary>
internal sealed class ManualClock : TimeProvider
{
    private DateTimeOffset _now = DateTimeOffset.UtcNow;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}

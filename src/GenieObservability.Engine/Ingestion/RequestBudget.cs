namespace GenieObservability.Engine.Ingestion;

/// <summary>
/// At most N request starts per second for one workspace, spread evenly (a request slot every 1/N s). Shared by all
/// workers of the workspace, so a budget below the API's own throttle keeps 429s from happening at all.
/// </summary>
internal sealed class RequestBudget(double requestsPerSecond, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly long _intervalTicks = (long)(TimeSpan.TicksPerSecond / requestsPerSecond);
    private readonly object _gate = new();
    private long _nextSlotTicks;

    public async ValueTask WaitAsync(CancellationToken cancellationToken)
    {
        TimeSpan wait;
        lock (_gate)
        {
            var now = _time.GetUtcNow().UtcTicks;
            var slot = Math.Max(now, _nextSlotTicks);
            _nextSlotTicks = slot + _intervalTicks;
            wait = TimeSpan.FromTicks(slot - now);
        }

        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
        }
    }
}

namespace GenieObservability.Engine.Auth;

/// <summary>
/// Base of the token-issuing providers. One cached token per key (per workspace host for Databricks OAuth, one for
/// Entra and managed identity). A token is refreshed before it expires (when less than min(5 min, lifetime/5)
/// remains), all concurrent callers of one key share a single in-flight request, forceRefresh (after a 401) discards
/// the cached token, and <see cref="GetTokenAfterRejectionAsync"/> discards it only if it is the one that was rejected.
/// </summary>
public abstract class CachingTokenProvider : ITokenProvider, IDisposable
{
    private static readonly TimeSpan MaximumRefreshWindow = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan EarlyRefreshRetryInterval = TimeSpan.FromSeconds(30);
    private readonly Dictionary<string, Slot> _slots = new(StringComparer.Ordinal);

    protected CachingTokenProvider(TimeProvider? time)
    {
        Time = time ?? TimeProvider.System;
    }

    public abstract string AuthType { get; }

    /// <summary>
    /// Optional: a forceRefresh within this long of a forced refresh gets the token it produced instead of another.
    /// Zero (the default) because callers that cannot compare tokens should use <see cref="GetTokenAfterRejectionAsync"/>.
    /// </summary>
    public TimeSpan ForcedRefreshGrace { get; init; } = TimeSpan.Zero;

    protected TimeProvider Time { get; }

    public async ValueTask<string> GetTokenAsync(Uri workspaceHost, bool forceRefresh, CancellationToken cancellationToken) =>
        (await AcquireAsync(workspaceHost, forceRefresh, null, null, cancellationToken).ConfigureAwait(false)).Value;

    public async ValueTask<string> GetTokenAfterRejectionAsync(Uri workspaceHost, string rejectedToken, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(rejectedToken);
        return (await AcquireAsync(workspaceHost, true, rejectedToken, null, cancellationToken).ConfigureAwait(false)).Value;
    }

    /// <summary>
    /// Like <see cref="GetTokenAsync"/>, with the expiry, and reporting token requests to <paramref name="log"/>.
    /// With <paramref name="rejectedToken"/>, a forced refresh happens only while that token is still the cached one.
    /// </summary>
    public Task<BearerToken> AcquireAsync(Uri workspaceHost, bool forceRefresh, string? rejectedToken, IOperationLog? log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workspaceHost);
        var key = CacheKey(workspaceHost);
        Task<BearerToken> pending;
        TaskCompletionSource<BearerToken>? started = null;
        lock (_slots)
        {
            if (!_slots.TryGetValue(key, out var slot))
            {
                slot = new Slot();
                _slots[key] = slot;
            }

            var now = Time.GetUtcNow();
            if (slot.InFlight is null)
            {
                var cached = slot.Token;
                var fresh = cached is not null && !NeedsRefresh(slot, now);
                var forcedRecently = rejectedToken is null && slot.ForcedAt is { } forcedAt && now - forcedAt < ForcedRefreshGrace;
                var discard = forceRefresh && !forcedRecently && (rejectedToken is null || string.Equals(cached?.Value, rejectedToken, StringComparison.Ordinal));
                if (fresh && !discard)
                {
                    return Task.FromResult(cached!);
                }

                if (discard)
                {
                    slot.Token = null;
                }

                started = new TaskCompletionSource<BearerToken>(TaskCreationOptions.RunContinuationsAsynchronously);
                slot.InFlight = started.Task;
                _ = RefreshAsync(slot, started, workspaceHost, discard, log ?? NullOperationLog.Instance);
            }

            pending = slot.InFlight;
        }

        return pending.WaitAsync(cancellationToken);
    }

    /// <summary>Forgets every cached token (Disconnect).</summary>
    public void Clear()
    {
        lock (_slots)
        {
            _slots.Clear();
        }
    }

    /// <summary>Disposing only forgets the cached tokens: the HTTP clients are shared.</summary>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            Clear();
        }
    }

    /// <summary>The cache key for a workspace: its host for per-workspace tokens, a constant for audience-wide ones.</summary>
    protected abstract string CacheKey(Uri workspaceHost);

    /// <summary>
    /// Requests a new token. Runs once per refresh however many callers wait; not tied to one caller's cancellation.
    /// <paramref name="forced"/> is true after a 401: the token must not come from any cache behind this one.
    /// </summary>
    protected abstract Task<BearerToken> RequestTokenAsync(Uri workspaceHost, bool forced, IOperationLog log, CancellationToken cancellationToken);

    private static bool NeedsRefresh(Slot slot, DateTimeOffset now)
    {
        var token = slot.Token!;
        if (slot.EarlyRefreshFailedAt is { } failedAt && now - failedAt < EarlyRefreshRetryInterval && token.ExpiresOn > now)
        {
            return false;
        }

        var lifetime = token.ExpiresOn - slot.AcquiredAt;
        var window = lifetime / 5 < MaximumRefreshWindow ? lifetime / 5 : MaximumRefreshWindow;
        return token.ExpiresOn - now <= window;
    }

    private async Task RefreshAsync(Slot slot, TaskCompletionSource<BearerToken> completion, Uri workspaceHost, bool forced, IOperationLog log)
    {
        // Leave the caller's lock before doing any work.
        await Task.Yield();
        try
        {
            // The shared request outlives any single caller's cancellation; callers stop waiting through WaitAsync.
            using var budget = new CancellationTokenSource(TimeSpan.FromMinutes(3));
            var token = await RequestTokenAsync(workspaceHost, forced, log, budget.Token).ConfigureAwait(false);
            lock (_slots)
            {
                slot.Token = token;
                slot.AcquiredAt = Time.GetUtcNow();
                slot.ForcedAt = forced ? slot.AcquiredAt : null;
                slot.EarlyRefreshFailedAt = null;
                slot.InFlight = null;
            }

            completion.SetResult(token);
        }
        catch (Exception ex)
        {
            BearerToken? stillValid = null;
            lock (_slots)
            {
                slot.InFlight = null;
                if (!forced && slot.Token is { } old && old.ExpiresOn > Time.GetUtcNow())
                {
                    stillValid = old;
                    slot.EarlyRefreshFailedAt = Time.GetUtcNow();
                }
            }

            if (stillValid is not null)
            {
                // An early refresh failed but the current token still works: keep using it and try again next call.
                log.Warning($"Refreshing the {AuthType} token failed; the current token is still valid until {stillValid.ExpiresOn:u}. {ex.Message}");
                completion.SetResult(stillValid);
            }
            else
            {
                completion.SetException(ex);
            }
        }
    }

    private sealed class Slot
    {
        public BearerToken? Token { get; set; }

        public DateTimeOffset AcquiredAt { get; set; }

        public DateTimeOffset? ForcedAt { get; set; }

        public DateTimeOffset? EarlyRefreshFailedAt { get; set; }

        public Task<BearerToken>? InFlight { get; set; }
    }
}

using GenieObservability.Engine.Auth;
using GenieObservability.Engine.Genie;

namespace GenieObservability.Engine.Ingestion;

/// <summary>
/// Everything the pool shares for one workspace: its client, its health in this run (<see cref="WorkspaceHealth"/>:
/// a workspace that is down has its messages recorded with its failure, without further requests) and a pause every
/// worker honours after the API kept saying to slow down. The request budget itself is the client's (ApiClientOptions).
/// </summary>
internal sealed class WorkspaceLane : IDisposable
{
    /// <summary>How often a rate-limited message is tried again within the run before it is recorded as RATE_LIMITED.</summary>
    internal const int RateLimitedAttempts = 4;

    private static readonly TimeSpan DefaultPause = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan MaxPause = TimeSpan.FromSeconds(60);

    private readonly TimeProvider _time;
    private readonly object _gate = new();
    private DateTimeOffset _pausedUntil = DateTimeOffset.MinValue;

    public WorkspaceLane(Uri host, IGenieClient client, ITokenProvider? tokens, TimeProvider time, CancellationToken runCancellation)
    {
        Host = host;
        Client = client;
        _time = time;
        Health = new WorkspaceHealth(host, client, tokens, time, runCancellation);
    }

    public Uri Host { get; }

    public IGenieClient Client { get; }

    public WorkspaceHealth Health { get; }

    /// <summary>Fetches one message; a failure comes back classified, never thrown (cancellation excepted).</summary>
    public async Task<FetchOutcome> FetchAsync(MessageFetchItem item, CancellationToken cancellationToken)
    {
        if (await Health.CheckedAsync().WaitAsync(cancellationToken).ConfigureAwait(false) is not null)
        {
            return Health.NotFetched(item);
        }

        for (var attempt = 1; ; attempt++)
        {
            await WaitForPauseAsync(cancellationToken).ConfigureAwait(false);
            if (Health.Failure is not null)
            {
                return Health.NotFetched(item);
            }

            try
            {
                using var request = Health.LinkRequest(cancellationToken);
                var message = await Client.GetMessageAsync(item.SpaceId, item.ConversationId, item.MessageId, request.Token).ConfigureAwait(false);
                return FetchOutcome.Succeeded(item, message);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (OperationCanceledException) when (Health.Failure is not null)
            {
                return Health.NotFetched(item);
            }
            catch (Exception ex)
            {
                var failure = FetchFailure.From(ex);
                if (failure.ErrorType == GenieApiErrorType.RateLimited)
                {
                    if (attempt >= RateLimitedAttempts)
                    {
                        return FetchOutcome.Failed(item, failure);
                    }

                    // The client already honoured Retry-After and gave up: the workspace is saturated. Pause every worker of
                    // this workspace and try again, so a 429 storm slows the pool down instead of failing messages.
                    Pause((ex as GenieApiException)?.RetryAfter ?? TimeSpan.FromTicks(DefaultPause.Ticks * attempt));
                    continue;
                }

                return await Health.IsMessageFailureAsync(failure, cancellationToken).ConfigureAwait(false)
                    ? FetchOutcome.Failed(item, failure)
                    : Health.NotFetched(item);
            }
        }
    }

    public void Dispose() => Health.Dispose();

    private void Pause(TimeSpan duration)
    {
        var until = _time.GetUtcNow() + (duration > MaxPause ? MaxPause : duration);
        lock (_gate)
        {
            if (until > _pausedUntil)
            {
                _pausedUntil = until;
            }
        }
    }

    private async Task WaitForPauseAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            TimeSpan wait;
            lock (_gate)
            {
                wait = _pausedUntil - _time.GetUtcNow();
            }

            if (wait <= TimeSpan.Zero)
            {
                return;
            }

            await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
        }
    }
}

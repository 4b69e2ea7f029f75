using GenieObservability.Engine.Auth;
using GenieObservability.Engine.Genie;

namespace GenieObservability.Engine.Ingestion;

/// <summary>
/// Everything the pool shares for one workspace: its client, a one-time token check (a workspace whose credential
/// cannot produce a token fails all its messages as NO_TOKEN without a single request) and a pause every worker
/// honours after the API kept saying to slow down. The request budget itself is the client's (ApiClientOptions).
/// </summary>
internal sealed class WorkspaceLane
{
    /// <summary>How often a rate-limited message is tried again within the run before it is recorded as RATE_LIMITED.</summary>
    internal const int RateLimitedAttempts = 4;

    private static readonly TimeSpan DefaultPause = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan MaxPause = TimeSpan.FromSeconds(60);

    private readonly ITokenProvider? _tokens;
    private readonly TimeProvider _time;
    private readonly Lazy<Task<FetchFailure?>> _tokenCheck;
    private readonly object _gate = new();
    private DateTimeOffset _pausedUntil = DateTimeOffset.MinValue;

    public WorkspaceLane(Uri host, IGenieClient client, ITokenProvider? tokens, TimeProvider time, CancellationToken runCancellation)
    {
        Host = host;
        Client = client;
        _tokens = tokens;
        _time = time;
        _tokenCheck = new Lazy<Task<FetchFailure?>>(() => CheckTokenAsync(runCancellation));
    }

    public Uri Host { get; }

    public IGenieClient Client { get; }

    /// <summary>Fetches one message; a failure comes back classified, never thrown (cancellation excepted).</summary>
    public async Task<FetchOutcome> FetchAsync(MessageFetchItem item, CancellationToken cancellationToken)
    {
        if (await _tokenCheck.Value.ConfigureAwait(false) is { } noToken)
        {
            return FetchOutcome.Failed(item, noToken);
        }

        for (var attempt = 1; ; attempt++)
        {
            await WaitForPauseAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var message = await Client.GetMessageAsync(item.SpaceId, item.ConversationId, item.MessageId, cancellationToken).ConfigureAwait(false);
                var outcome = FetchOutcome.Succeeded(item, message);
                return FetchOutcome.NeedsComments(item, message) ? await WithCommentsAsync(outcome, cancellationToken).ConfigureAwait(false) : outcome;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception ex)
            {
                var failure = FetchFailure.From(ex);
                if (failure.ErrorType != GenieApiErrorType.RateLimited || attempt >= RateLimitedAttempts)
                {
                    return FetchOutcome.Failed(item, failure);
                }

                // The client already honoured Retry-After and gave up: the workspace is saturated. Pause every worker of
                // this workspace and try again, so a 429 storm slows the pool down instead of failing messages.
                Pause((ex as GenieApiException)?.RetryAfter ?? TimeSpan.FromTicks(DefaultPause.Ticks * attempt));
            }
        }
    }

    private async Task<FetchOutcome> WithCommentsAsync(FetchOutcome outcome, CancellationToken cancellationToken)
    {
        var item = outcome.Item;
        try
        {
            var comments = new List<GenieMessageComment>();
            await foreach (var comment in Client.ListMessageCommentsAsync(item.SpaceId, item.ConversationId, item.MessageId, cancellationToken).ConfigureAwait(false))
            {
                if (comment.MessageCommentId.Length > 0)
                {
                    comments.Add(comment);
                }
            }

            return outcome with { Comments = comments };
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            return outcome with { CommentsFailure = FetchFailure.From(ex) };
        }
    }

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

    private async Task<FetchFailure?> CheckTokenAsync(CancellationToken cancellationToken)
    {
        if (_tokens is null)
        {
            return null;
        }

        try
        {
            await _tokens.GetTokenAsync(Host, forceRefresh: false, cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            return FetchFailure.NoToken(Host, ex);
        }
    }
}

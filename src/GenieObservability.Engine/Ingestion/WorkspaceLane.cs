using GenieObservability.Engine.Auth;
using GenieObservability.Engine.Genie;

namespace GenieObservability.Engine.Ingestion;

/// <summary>
/// Everything the pool shares for one workspace: its client and a one-time token check (a workspace whose credential
/// cannot produce a token fails all its messages as NO_TOKEN without a single request). Pacing is the client's: its
/// rate controller holds every request to the host back until a Retry-After has passed and learns the rate it admits.
/// </summary>
internal sealed class WorkspaceLane
{
    /// <summary>How often a rate-limited message is tried again within the run before it is recorded as RATE_LIMITED.</summary>
    internal const int RateLimitedAttempts = 4;

    private readonly ITokenProvider? _tokens;
    private readonly Lazy<Task<FetchFailure?>> _tokenCheck;

    public WorkspaceLane(Uri host, IGenieClient client, ITokenProvider? tokens, CancellationToken runCancellation)
    {
        Host = host;
        Client = client;
        _tokens = tokens;
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
            try
            {
                var message = await Client.GetMessageAsync(item.SpaceId, item.ConversationId, item.MessageId, cancellationToken).ConfigureAwait(false);
                return FetchOutcome.Succeeded(item, message);
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

                // The client gave up after its own retries, each held back by the host's Retry-After and paced by its
                // rate controller (which also holds back every other worker of this workspace): try again, so a long 429
                // storm slows the run down instead of failing messages. No pause here; the controller already paces.
            }
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

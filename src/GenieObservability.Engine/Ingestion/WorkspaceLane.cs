using GenieObservability.Engine.Auth;
using GenieObservability.Engine.Genie;

namespace GenieObservability.Engine.Ingestion;

/// <summary>
/// Everything the pool shares for one workspace: its client and its health in this run (<see cref="WorkspaceHealth"/>:
/// a workspace that is down has its messages recorded with its failure, without further requests). Pacing is the
/// client's: its rate controller holds every request to the host back until a Retry-After has passed and learns the
/// rate it admits.
/// </summary>
internal sealed class WorkspaceLane : IDisposable
{
    /// <summary>How often a rate-limited message is tried again within the run before it is recorded as RATE_LIMITED.</summary>
    internal const int RateLimitedAttempts = 4;

    public WorkspaceLane(Uri host, IGenieClient client, ITokenProvider? tokens, TimeProvider time, CancellationToken runCancellation)
    {
        Host = host;
        Client = client;
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
            if (Health.Failure is not null)
            {
                return Health.NotFetched(item);
            }

            try
            {
                using var request = Health.LinkRequest(cancellationToken);
                var message = await Client.GetMessageAsync(item.SpaceId, item.ConversationId, item.MessageId, request.Token).ConfigureAwait(false);
                var outcome = FetchOutcome.Succeeded(item, message);
                return FetchOutcome.NeedsComments(item, message) ? await WithCommentsAsync(outcome, request.Token).ConfigureAwait(false) : outcome;
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

                    // The client gave up after its own retries, each held back by the host's Retry-After and paced by its
                    // rate controller (which also holds back every other worker of this workspace): try again, so a long
                    // 429 storm slows the run down instead of failing messages.
                    continue;
                }

                return await Health.IsMessageFailureAsync(failure, cancellationToken).ConfigureAwait(false)
                    ? FetchOutcome.Failed(item, failure)
                    : Health.NotFetched(item);
            }
        }
    }

    /// <summary>The message's comments, every page; a failure comes back with the outcome (the message is stored anyway).</summary>
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

    public void Dispose() => Health.Dispose();
}

using System.Collections.Concurrent;
using GenieObservability.Engine.Auth;
using GenieObservability.Engine.Genie;

namespace GenieObservability.Engine.Ingestion;

/// <summary>
/// Whether one workspace answers, as one ingestion run sees it; decides whose a failure is.
/// <list type="bullet">
/// <item>Before its first message request: a token from the credential, then one probe of the API (sent once, short
/// timeout, a few tries), so a workspace that is down costs seconds, not the minutes of a call with its retries.</item>
/// <item>After a failure that could be the workspace's (no answer, 5xx, timeout, 401, a non-JSON answer): a probe that
/// answers after that failure decides. It answers: the failure is the message's. It does not: the workspace is down, and
/// the failure is the workspace's. Failures while a probe is under way wait for that one.</item>
/// <item>A workspace found down stays down for the rest of the run: its requests in flight are cancelled and every
/// remaining message is recorded with the workspace's failure, without a request.</item>
/// </list>
/// </summary>
internal sealed class WorkspaceHealth : IDisposable
{
    internal const int ProbeAttempts = 3;

    internal static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan ProbeBackoff = TimeSpan.FromMilliseconds(500);

    private readonly Uri _host;
    private readonly IGenieClient _client;
    private readonly ITokenProvider? _tokens;
    private readonly TimeProvider _time;
    private readonly CancellationToken _run;
    private readonly CancellationTokenSource _down;
    private readonly Lazy<Task<FetchFailure?>> _initialCheck;
    private readonly ConcurrentDictionary<string, byte> _workspaceIds = new(StringComparer.Ordinal);
    private readonly object _gate = new();

    // Failures and probe answers are numbered in one sequence: "answered after this failure" is a comparison.
    private long _sequence;
    private long _answeredAt;
    private Task<FetchFailure?>? _probe;
    private FetchFailure? _failure;
    private DateTimeOffset _failedAt;
    private long _notFetched;

    public WorkspaceHealth(Uri host, IGenieClient client, ITokenProvider? tokens, TimeProvider time, CancellationToken runCancellation)
    {
        _host = host;
        _client = client;
        _tokens = tokens;
        _time = time;
        _run = runCancellation;
        _down = CancellationTokenSource.CreateLinkedTokenSource(runCancellation);
        _initialCheck = new Lazy<Task<FetchFailure?>>(InitialCheckAsync);
    }

    /// <summary>The failure that made the workspace down in this run; null while it answers.</summary>
    public FetchFailure? Failure => Volatile.Read(ref _failure);

    /// <summary>The token check and first probe, once per run; the workspace's failure, or null when it answers.</summary>
    public Task<FetchFailure?> CheckedAsync() => _initialCheck.Value;

    /// <summary>A token for one request: cancelled by the caller, or when the workspace is found down.</summary>
    public CancellationTokenSource LinkRequest(CancellationToken cancellationToken) =>
        CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _down.Token);

    /// <summary>
    /// Whose <paramref name="failure"/> of a message request is: true when it is the message's (a permanent error, or
    /// the workspace answers a probe sent after it), false when the workspace is down.
    /// </summary>
    public async Task<bool> IsMessageFailureAsync(FetchFailure failure, CancellationToken cancellationToken)
    {
        if (!failure.IsTransient)
        {
            // NOT_FOUND, PERMISSION_DENIED, BAD_REQUEST, CONFLICT: the workspace answered about this message.
            return true;
        }

        var failedAt = Interlocked.Increment(ref _sequence);
        Task<FetchFailure?> probe;
        lock (_gate)
        {
            if (_failure is not null)
            {
                return false;
            }

            if (Volatile.Read(ref _answeredAt) > failedAt)
            {
                return true;
            }

            // A probe under way answers after this failure; else a new one is sent.
            if (_probe is not { IsCompleted: false })
            {
                _probe = ProbeAsync();
            }

            probe = _probe;
        }

        return await probe.WaitAsync(cancellationToken).ConfigureAwait(false) is null;
    }

    /// <summary>The outcome of a message not requested (or whose request was cancelled) because the workspace is down.</summary>
    public FetchOutcome NotFetched(MessageFetchItem item)
    {
        Interlocked.Increment(ref _notFetched);
        _workspaceIds.TryAdd(item.WorkspaceId, 0);
        return FetchOutcome.NotFetched(item, Failure!);
    }

    /// <summary>The summary line of a workspace that was down in this run; null when it answered throughout.</summary>
    public GenieWorkspaceFailure? Report()
    {
        var failure = Failure;
        return failure is null ? null : new GenieWorkspaceFailure
        {
            WorkspaceUrl = _host.GetLeftPart(UriPartial.Authority),
            WorkspaceIds = _workspaceIds.Keys.Order(StringComparer.Ordinal).ToList(),
            ErrorType = failure.ErrorType,
            HttpStatus = failure.HttpStatus,
            Messages = Interlocked.Read(ref _notFetched),
            FirstError = failure.Message,
            FailedAt = _failedAt,
        };
    }

    public void Dispose() => _down.Dispose();

    private async Task<FetchFailure?> InitialCheckAsync()
    {
        if (_tokens is not null)
        {
            try
            {
                await _tokens.GetTokenAsync(_host, forceRefresh: false, _run).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_run.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception ex)
            {
                return Down(FetchFailure.FromTokenFailure(_host, ex));
            }
        }

        Task<FetchFailure?> probe;
        lock (_gate)
        {
            _probe = ProbeAsync();
            probe = _probe;
        }

        return await probe.ConfigureAwait(false);
    }

    /// <summary>A few single requests with a short backoff: any answer from the API means the workspace is up.</summary>
    private async Task<FetchFailure?> ProbeAsync()
    {
        await Task.Yield();
        FetchFailure? last = null;
        for (var attempt = 1; attempt <= ProbeAttempts; attempt++)
        {
            if (attempt > 1)
            {
                await Task.Delay(ProbeBackoff * (attempt - 1), _time, _run).ConfigureAwait(false);
            }

            try
            {
                await _client.ProbeAsync(ProbeTimeout, _run).ConfigureAwait(false);
                return Answered();
            }
            catch (OperationCanceledException) when (_run.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception ex)
            {
                last = FetchFailure.From(ex);
                if (!last.IsTransient || last.ErrorType == GenieApiErrorType.RateLimited)
                {
                    // Forbidden, not found, busy: an answer from the workspace all the same.
                    return Answered();
                }
            }
        }

        return Down(FetchFailure.WorkspaceDown(_host, last!));
    }

    private FetchFailure? Answered()
    {
        Volatile.Write(ref _answeredAt, Interlocked.Increment(ref _sequence));
        return null;
    }

    private FetchFailure Down(FetchFailure failure)
    {
        lock (_gate)
        {
            if (_failure is null)
            {
                _failedAt = _time.GetUtcNow();
                Volatile.Write(ref _failure, failure);
            }
        }

        try
        {
            // Requests in flight of this workspace stop now instead of finishing their retries.
            _down.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The run is over.
        }

        return _failure;
    }
}

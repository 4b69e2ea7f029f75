using System.Collections.Concurrent;
using System.Diagnostics;

namespace GenieObservability.Engine.Ingestion;

/// <summary>The running counts of one ingestion run, updated from workers and the writer.</summary>
internal sealed class IngestionCounters
{
    private readonly ConcurrentDictionary<string, long> _failedByType = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _messageFailuresByType = new(StringComparer.Ordinal);
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _received;
    private long _fetched;
    private long _stored;
    private long _completed;
    private long _pending;
    private long _failed;
    private long _retried;
    private long _resolved;
    private long _statements;
    private long _feedbackRefreshed;
    private long _comments;
    private long _commentsFailed;

    public long Stored => Interlocked.Read(ref _stored);

    public long Failed => Interlocked.Read(ref _failed);

    public long Fetched => Interlocked.Read(ref _fetched);

    public long Received => Interlocked.Read(ref _received);

    public TimeSpan Elapsed => _clock.Elapsed;

    public void OnReceived(MessageFetchItem item)
    {
        Interlocked.Increment(ref _received);
        if (item.Reason == GenieMessageToFetch.ReasonRetry)
        {
            Interlocked.Increment(ref _retried);
        }
    }

    public void OnFetched() => Interlocked.Increment(ref _fetched);

    public void OnStored(bool terminal)
    {
        Interlocked.Increment(ref _stored);
        Interlocked.Increment(ref terminal ? ref _completed : ref _pending);
    }

    /// <summary>A failure written; <paramref name="workspaceDown"/> when the message was not fetched because its workspace was down.</summary>
    public void OnFailed(string errorType, bool workspaceDown)
    {
        Interlocked.Increment(ref _failed);
        _failedByType.AddOrUpdate(errorType, 1, (_, count) => count + 1);
        if (!workspaceDown)
        {
            _messageFailuresByType.AddOrUpdate(errorType, 1, (_, count) => count + 1);
        }
    }

    /// <summary>Failures of single messages (not of a whole workspace), by error type.</summary>
    public IReadOnlyDictionary<string, long> MessageFailuresByType => Sorted(_messageFailuresByType);

    public void OnResolved() => Interlocked.Increment(ref _resolved);

    public void OnFeedbackRefreshed() => Interlocked.Increment(ref _feedbackRefreshed);

    public void OnComments(int stored, int failedMessages)
    {
        Interlocked.Add(ref _comments, stored);
        Interlocked.Add(ref _commentsFailed, failedMessages);
    }

    public void OnStatement() => Interlocked.Increment(ref _statements);

    public void OnStatements(int count) => Interlocked.Add(ref _statements, count);

    public double Rate => Stored / Math.Max(Elapsed.TotalSeconds, 0.001);

    public MessageIngestionSummary ToSummary(string runId, DateTimeOffset startedAt, string status, string? error, IReadOnlyList<GenieWorkspaceFailure>? failedByWorkspace = null)
    {
        var elapsed = Elapsed;
        return new MessageIngestionSummary
        {
            RunId = runId,
            Status = status,
            Received = Received,
            Fetched = Fetched,
            Stored = Stored,
            Completed = Interlocked.Read(ref _completed),
            Pending = Interlocked.Read(ref _pending),
            Failed = Failed,
            FailedByType = Sorted(_failedByType),
            FailedByWorkspace = failedByWorkspace ?? [],
            Retried = Interlocked.Read(ref _retried),
            Resolved = Interlocked.Read(ref _resolved),
            FeedbackRefreshed = Interlocked.Read(ref _feedbackRefreshed),
            CommentsStored = Interlocked.Read(ref _comments),
            CommentFetchesFailed = Interlocked.Read(ref _commentsFailed),
            WarehouseStatements = Interlocked.Read(ref _statements),
            Elapsed = elapsed,
            MessagesPerSecond = Stored / Math.Max(elapsed.TotalSeconds, 0.001),
            StartedAt = startedAt,
            FinishedAt = startedAt + elapsed,
            Error = error,
        };
    }

    private static Dictionary<string, long> Sorted(ConcurrentDictionary<string, long> counts) =>
        counts.OrderBy(pair => pair.Key, StringComparer.Ordinal).ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal);
}

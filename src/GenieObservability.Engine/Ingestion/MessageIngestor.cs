using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.Channels;
using GenieObservability.Engine.Auth;
using GenieObservability.Engine.Genie;
using GenieObservability.Engine.Warehouse;

namespace GenieObservability.Engine.Ingestion;

/// <summary>
/// Fetches Genie messages and keeps them: a bounded pool of fetches (at most ThrottleLimit in flight, items pulled from
/// the source as the pool frees up, so input streams and memory stays flat) feeds one writer that upserts
/// message_details and message_fetch_errors every BatchSize rows or FlushInterval, whichever comes first.
/// A crash loses at most the batch in flight; the next run fetches those again and upserts, so nothing is duplicated.
/// Cancellation stops the fetches and still writes what was already fetched.
/// </summary>
public sealed class MessageIngestor
{
    private const int ProgressActivityId = 4101;

    private readonly IWarehouse _warehouse;
    private readonly Func<Uri, IGenieClient> _clients;
    private readonly ITokenProvider? _tokens;
    private readonly MessageIngestionOptions _options;
    private readonly IOperationLog _log;
    private readonly TimeProvider _time;

    public MessageIngestor(IWarehouse warehouse, Func<Uri, IGenieClient> clients, ITokenProvider? tokens, MessageIngestionOptions options, IOperationLog? log = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(warehouse);
        ArgumentNullException.ThrowIfNull(clients);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _warehouse = warehouse;
        _clients = clients;
        _tokens = tokens;
        _options = options;
        _log = log ?? NullOperationLog.Instance;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Called by the writer, after the row is written, for every stored message.</summary>
    public Action<GenieStoredMessage>? StoredMessage { get; init; }

    /// <summary>Called by the writer, after the error row is written, for every message that could not be fetched.</summary>
    public Action<MessageFetchItem, FetchFailure>? FetchFailed { get; init; }

    public static string NewRunId() => DateTimeOffset.UtcNow.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..8];

    public async Task<MessageIngestionSummary> RunAsync(IAsyncEnumerable<MessageFetchItem> items, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(items);
        var runId = _options.RunId ?? NewRunId();
        var startedAt = _time.GetUtcNow();
        var counters = new IngestionCounters();
        if (_options.RecordRun)
        {
            var running = counters.ToSummary(runId, startedAt, "RUNNING", null);
            running.FinishedAt = null;
            counters.OnStatements(await IngestionRunRecorder.WriteAsync(_warehouse, running, cancellationToken).ConfigureAwait(false));
        }

        var results = Channel.CreateBounded<FetchOutcome>(new BoundedChannelOptions(Math.Max(_options.BatchSize, _options.ThrottleLimit * 4))
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });

        using var fetching = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var writer = Task.Run(() => WriteLoopAsync(results.Reader, counters, runId, fetching), CancellationToken.None);
        var fetch = Task.Run(() => FetchAllAsync(items, results.Writer, counters, fetching.Token), CancellationToken.None);

        Exception? failure = null;
        try
        {
            await fetch.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            failure = ex;
        }

        try
        {
            await writer.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // A write failure is the cause; the fetch side then only saw the cancellation it triggered.
            failure = ex;
        }

        var cancelled = failure is OperationCanceledException && cancellationToken.IsCancellationRequested;
        var status = failure is null ? "SUCCEEDED" : cancelled ? "CANCELLED" : "FAILED";
        var summary = counters.ToSummary(runId, startedAt, status, failure is null || cancelled ? null : failure.Message);
        _log.Progress(new OperationProgress(ProgressActivityId, "Importing Genie messages", ProgressText(counters), Completed: true));

        if (_options.RecordRun)
        {
            await RecordOutcomeAsync(summary).ConfigureAwait(false);
        }

        if (summary.CommentFetchesFailed > 0)
        {
            _log.Warning($"The comments of {summary.CommentFetchesFailed} stored message(s) could not be read; a later run offers them again (Reason Feedback) unless the comments API refused them for good (forbidden, not found).");
        }

        if (cancelled)
        {
            throw new OperationCanceledException("Message ingestion was cancelled; what was already fetched was stored.", failure, cancellationToken);
        }

        if (failure is not null)
        {
            throw failure is GenieObservabilityException
                ? failure
                : new GenieObservabilityException($"Message ingestion failed after storing {summary.Stored} messages: {failure.Message}", "MessageIngestionFailed", GenieErrorCategory.WriteError, failure);
        }

        return summary;
    }

    private async Task FetchAllAsync(IAsyncEnumerable<MessageFetchItem> items, ChannelWriter<FetchOutcome> results, IngestionCounters counters, CancellationToken cancellationToken)
    {
        var lanes = new ConcurrentDictionary<string, WorkspaceLane>(StringComparer.OrdinalIgnoreCase);
        try
        {
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = _options.ThrottleLimit, CancellationToken = cancellationToken };
            await Parallel.ForEachAsync(items, parallel, async (item, token) =>
            {
                counters.OnReceived(item);
                var lane = lanes.GetOrAdd(item.WorkspaceUrl.GetLeftPart(UriPartial.Authority), _ => new WorkspaceLane(item.WorkspaceUrl, _clients(item.WorkspaceUrl), _tokens, _time, cancellationToken));
                var outcome = await lane.FetchAsync(item, token).ConfigureAwait(false);
                if (outcome.Message is not null)
                {
                    counters.OnFetched();
                }

                await results.WriteAsync(outcome, token).ConfigureAwait(false);
            }).ConfigureAwait(false);
        }
        finally
        {
            results.TryComplete();
        }
    }

    private async Task WriteLoopAsync(ChannelReader<FetchOutcome> results, IngestionCounters counters, string runId, CancellationTokenSource fetching)
    {
        var spaceNames = new SpaceNameCache(_warehouse, _clients, _log);
        var batchWriter = new IngestionBatchWriter(_warehouse, spaceNames, counters, runId, StoredMessage, FetchFailed, _log);
        var buffer = new List<FetchOutcome>(_options.BatchSize);
        var lastFlush = _time.GetUtcNow();
        var lastProgress = DateTimeOffset.MinValue;
        Task<bool>? waiting = null;

        // Writes are not cancelled by Ctrl+C: what was fetched is written before the run stops (the fetches stop at once).
        async Task FlushAsync()
        {
            if (buffer.Count > 0)
            {
                await batchWriter.WriteAsync(buffer, CancellationToken.None).ConfigureAwait(false);
                buffer.Clear();
            }

            lastFlush = _time.GetUtcNow();
        }

        try
        {
            while (true)
            {
                while (buffer.Count < _options.BatchSize && results.TryRead(out var outcome))
                {
                    buffer.Add(outcome);
                }

                var now = _time.GetUtcNow();
                if (now - lastProgress >= _options.ProgressInterval)
                {
                    _log.Progress(new OperationProgress(ProgressActivityId, "Importing Genie messages", ProgressText(counters)));
                    lastProgress = now;
                }

                if (buffer.Count >= _options.BatchSize || (buffer.Count > 0 && now - lastFlush >= _options.FlushInterval))
                {
                    await FlushAsync().ConfigureAwait(false);
                    continue;
                }

                waiting ??= results.WaitToReadAsync(CancellationToken.None).AsTask();
                var untilFlush = buffer.Count > 0 ? _options.FlushInterval - (now - lastFlush) : _options.ProgressInterval;
                var tick = untilFlush < _options.ProgressInterval ? untilFlush : _options.ProgressInterval;
                var woke = await Task.WhenAny(waiting, Task.Delay(tick > TimeSpan.Zero ? tick : TimeSpan.FromMilliseconds(1), _time)).ConfigureAwait(false);
                if (woke == waiting)
                {
                    var more = await waiting.ConfigureAwait(false);
                    waiting = null;
                    if (!more)
                    {
                        break;
                    }
                }
            }

            await FlushAsync().ConfigureAwait(false);
        }
        catch
        {
            // The warehouse cannot be written: stop fetching what could not be kept.
            await fetching.CancelAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task RecordOutcomeAsync(MessageIngestionSummary summary)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            summary.WarehouseStatements += await IngestionRunRecorder.WriteAsync(_warehouse, summary, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (summary.Status != "SUCCEEDED")
        {
            // The run already failed (often because the warehouse is unreachable); that failure is the one to report.
            _log.Warning($"Could not record the outcome of run {summary.RunId} in genie_ingestion_runs: {ex.Message}");
        }
    }

    private static string ProgressText(IngestionCounters counters) => string.Format(
        CultureInfo.InvariantCulture,
        "{0} received, {1} fetched, {2} stored, {3} failed - {4:F1} msg/s",
        counters.Received,
        counters.Fetched,
        counters.Stored,
        counters.Failed,
        counters.Rate);
}

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
    /// <summary>The error id of a run in which no workspace could be reached.</summary>
    public const string NoWorkspaceReachable = "NoWorkspaceReachable";

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
            var running = counters.ToSummary(runId, startedAt, GenieRunStatus.Running, null);
            running.FinishedAt = null;
            counters.OnStatements(await IngestionRunRecorder.WriteAsync(_warehouse, running, cancellationToken).ConfigureAwait(false));
        }

        var results = Channel.CreateBounded<FetchOutcome>(new BoundedChannelOptions(Math.Max(_options.BatchSize, _options.ThrottleLimit * 4))
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });

        using var fetching = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var lanes = new WorkspaceLanes(_clients, _tokens, _options.MaxRequestsPerSecond, _time, cancellationToken);
        var writer = Task.Run(() => WriteLoopAsync(results.Reader, counters, runId, lanes, fetching), CancellationToken.None);
        var fetch = Task.Run(() => FetchAllAsync(items, results.Writer, counters, lanes, fetching.Token), CancellationToken.None);

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

        var noWorkspaceReached = failure is null && !lanes.IsEmpty && lanes.All.All(lane => lane.Health.Failure is not null) && counters.Fetched == 0
            && !await ConnectedWorkspaceAnswersAsync(lanes, cancellationToken).ConfigureAwait(false);
        var failedWorkspaces = lanes.All.Select(lane => lane.Health.Report()).OfType<GenieWorkspaceFailure>().OrderBy(w => w.WorkspaceUrl, StringComparer.Ordinal).ToList();

        var cancelled = failure is OperationCanceledException && cancellationToken.IsCancellationRequested;
        var status = failure is null && !noWorkspaceReached ? GenieRunStatus.Succeeded : cancelled ? GenieRunStatus.Cancelled : GenieRunStatus.Failed;
        var error = noWorkspaceReached ? NoWorkspaceReachedMessage(failedWorkspaces) : failure is null || cancelled ? null : failure.Message;
        var summary = counters.ToSummary(runId, startedAt, status, error, failedWorkspaces);
        summary.WorkspaceRates = lanes.Rates(summary.Elapsed);
        WorkspaceLanes.ReportTo(_log, summary.WorkspaceRates);
        _log.Progress(new OperationProgress(ProgressActivityId, "Importing Genie messages", ProgressText(counters), Completed: true));
        WarnAboutFailures(summary, counters);

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

    /// <summary>
    /// Every workspace of the run was down: does the connected one answer (when it had no message in the run)? A run
    /// whose workspaces are down while the connected one is fine did not fail as a whole.
    /// </summary>
    private async Task<bool> ConnectedWorkspaceAnswersAsync(WorkspaceLanes lanes, CancellationToken cancellationToken)
    {
        if (_options.ConnectedWorkspace is not { } connected || lanes.Contains(connected))
        {
            return false;
        }

        var lane = lanes.For(connected);
        try
        {
            return await lane.Health.CheckedAsync().WaitAsync(cancellationToken).ConfigureAwait(false) is null;
        }
        catch (OperationCanceledException)
        {
            // Stopped by the user: not a verdict on the workspaces.
            return true;
        }
    }

    /// <summary>
    /// The error a caller raises for a run that failed as a whole without throwing: every workspace of the run was down
    /// (its messages were still recorded, retryable). Null for any other summary.
    /// </summary>
    public static GenieObservabilityException? WholeRunFailure(MessageIngestionSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        if (summary.Status != GenieRunStatus.Failed || summary.FailedByWorkspace.Count == 0)
        {
            return null;
        }

        var credentials = summary.FailedByWorkspace.All(w => w.ErrorType is GenieApiErrorType.NoToken or GenieApiErrorType.CredentialRejected);
        return new GenieObservabilityException(
            summary.Error ?? NoWorkspaceReachedMessage(summary.FailedByWorkspace),
            NoWorkspaceReachable,
            credentials ? GenieErrorCategory.AuthenticationError : GenieErrorCategory.ConnectionError);
    }

    private static string NoWorkspaceReachedMessage(IReadOnlyList<GenieWorkspaceFailure> workspaces) =>
        $"No workspace could be reached, so no message was fetched ({string.Join("; ", workspaces.Select(w => $"{w.WorkspaceUrl}: {w.ErrorType}"))}). "
        + "The messages stay queued for the next run. " + workspaces[0].FirstError;

    /// <summary>One warning per workspace that was down, and one with the counts of the messages that failed on their own.</summary>
    private void WarnAboutFailures(MessageIngestionSummary summary, IngestionCounters counters)
    {
        foreach (var workspace in summary.FailedByWorkspace)
        {
            if (workspace.Messages == 0)
            {
                _log.Warning($"{workspace.WorkspaceUrl}, the connected workspace, does not answer either ({workspace.ErrorType}). {workspace.FirstError}");
                continue;
            }

            var ids = workspace.WorkspaceIds.Count == 0 ? string.Empty : $" (workspace {string.Join(", ", workspace.WorkspaceIds)})";
            var status = workspace.HttpStatus is { } http ? string.Create(CultureInfo.InvariantCulture, $", HTTP {http}") : string.Empty;
            _log.Warning(string.Create(
                CultureInfo.InvariantCulture,
                $"{workspace.WorkspaceUrl}{ids} is down in this run ({workspace.ErrorType}{status}): {workspace.Messages} message(s) not fetched, kept for the next run without using their retries. {workspace.FirstError}"));
        }

        var byType = counters.MessageFailuresByType;
        if (byType.Count > 0)
        {
            var permanent = byType.Where(p => !GenieApiErrorType.IsTransient(p.Key)).Sum(p => p.Value);
            var retried = byType.Values.Sum() - permanent;
            string?[] outcomes = [permanent > 0 ? $"{permanent} permanent (deleted or forbidden)" : null, retried > 0 ? $"{retried} to be retried by later runs" : null];
            _log.Warning(string.Create(
                CultureInfo.InvariantCulture,
                $"{byType.Values.Sum()} message(s) could not be fetched ({string.Join(", ", byType.Select(p => $"{p.Value} {p.Key}"))}): {string.Join(", ", outcomes.OfType<string>())}. "
                + $"One row each in {_warehouse.Tables.MessageFetchErrors}; -Verbose lists them."));
        }
    }

    private async Task FetchAllAsync(IAsyncEnumerable<MessageFetchItem> items, ChannelWriter<FetchOutcome> results, IngestionCounters counters, WorkspaceLanes lanes, CancellationToken cancellationToken)
    {
        try
        {
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = _options.ThrottleLimit, CancellationToken = cancellationToken };
            await Parallel.ForEachAsync(items, parallel, async (item, token) =>
            {
                counters.OnReceived(item);
                var outcome = await lanes.For(item.WorkspaceUrl).FetchAsync(item, token).ConfigureAwait(false);
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

    private async Task WriteLoopAsync(ChannelReader<FetchOutcome> results, IngestionCounters counters, string runId, WorkspaceLanes lanes, CancellationTokenSource fetching)
    {
        var spaceNames = new SpaceNameCache(_warehouse, lanes.Client, _log);
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
        catch (Exception ex) when (summary.Status != GenieRunStatus.Succeeded)
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

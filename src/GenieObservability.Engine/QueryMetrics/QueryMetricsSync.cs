using System.Collections.Concurrent;
using System.Threading.Channels;
using GenieObservability.Engine.Http;
using GenieObservability.Engine.Ingestion;
using GenieObservability.Engine.Schema;
using GenieObservability.Engine.Warehouse;

namespace GenieObservability.Engine.QueryMetrics;

/// <summary>
/// Fills message_query_metrics for the statements of stored Genie answers: on a Databricks SQL warehouse one MERGE from
/// system.query.history, then, on every backend, the Query History API for what is still missing, many statement ids
/// per request and several requests at once; results are written in multi-row upserts by one writer. A statement not
/// in history yet stays PENDING and is looked up again by later runs until <see cref="QueryMetricsOptions.MaxLookupAge"/>
/// after its first lookup, then becomes NOT_AVAILABLE (counted, not an error).
/// </summary>
public sealed class QueryMetricsSync
{
    private readonly IWarehouse _warehouse;
    private readonly Func<Uri?, DatabricksApiClient> _apiFor;
    private readonly IOperationLog _log;
    private readonly TimeProvider _clock;
    private readonly ConcurrentDictionary<string, QueryHistoryClient> _clients = new(StringComparer.OrdinalIgnoreCase);

    /// <param name="apiFor">The API client of a workspace host; null asks for the connected workspace.</param>
    public QueryMetricsSync(IWarehouse warehouse, Func<Uri?, DatabricksApiClient> apiFor, IOperationLog? log = null, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(warehouse);
        ArgumentNullException.ThrowIfNull(apiFor);
        _warehouse = warehouse;
        _apiFor = apiFor;
        _log = log ?? NullOperationLog.Instance;
        _clock = clock ?? TimeProvider.System;
    }

    public async Task<GenieQueryMetricSyncSummary> RunAsync(QueryMetricsOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var summary = new GenieQueryMetricSyncSummary
        {
            RunId = MessageIngestor.NewRunId(),
            StartedAt = _clock.GetUtcNow(),
            StatementsPerRequest = options.StatementsPerRequest,
        };
        var existing = await ObservabilitySchema.ExistingTablesAsync(_warehouse, cancellationToken).ConfigureAwait(false);
        if (existing is null || !existing.Contains(ObservabilityTables.MessageDetails.Name))
        {
            _log.Verbose($"{_warehouse.Tables.MessageDetails} does not exist yet: no statements to look up.");
            return Finish(summary);
        }

        await ObservabilitySchema.EnsureTableAsync(_warehouse, ObservabilityTables.QueryMetrics, cancellationToken).ConfigureAwait(false);
        if (options.UseSystemTable && _warehouse.Dialect == SqlDialect.Databricks)
        {
            summary.FoundInSystemTable = await MergeFromSystemTableAsync(summary.RunId, cancellationToken).ConfigureAwait(false);
        }

        var rows = Channel.CreateBounded<object?[]>(new BoundedChannelOptions(options.WriteBatchSize * 2) { SingleReader = true });
        using var producing = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var writer = Task.Run(() => WriteAsync(rows.Reader, options.WriteBatchSize, cancellationToken), cancellationToken);
        _ = writer.ContinueWith(_ => producing.Cancel(), CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        var batches = 0;
        var failedBatches = 0;
        GenieApiException? lastFailure = null;
        try
        {
            var lookups = new StatementCandidateReader(_warehouse).ReadAsync(options.WorkspaceIds, producing.Token);
            await Parallel.ForEachAsync(
                StatementBatcher.BatchAsync(lookups, options.StatementsPerRequest, producing.Token),
                new ParallelOptions { MaxDegreeOfParallelism = options.ThrottleLimit, CancellationToken = producing.Token },
                async (batch, token) =>
                {
                    Interlocked.Increment(ref batches);
                    IReadOnlyDictionary<string, QueryHistoryEntry> found;
                    try
                    {
                        found = await LookUpAsync(batch, token).ConfigureAwait(false);
                    }
                    catch (GenieApiException ex)
                    {
                        Interlocked.Increment(ref failedBatches);
                        lastFailure = ex;
                        lock (summary)
                        {
                            summary.LookupFailed += batch.Count;
                        }

                        return;
                    }

                    var now = _clock.GetUtcNow();
                    foreach (var lookup in batch)
                    {
                        var availability = Classify(lookup, found.GetValueOrDefault(lookup.StatementId), now, options.MaxLookupAge);
                        lock (summary)
                        {
                            summary.Statements++;
                            _ = availability switch
                            {
                                QueryMetricsAvailability.Found => summary.Found++,
                                QueryMetricsAvailability.Pending => summary.Pending++,
                                _ => summary.NotAvailable++,
                            };
                        }

                        await rows.Writer.WriteAsync(QueryMetricsRow.Values(lookup, found.GetValueOrDefault(lookup.StatementId), availability, now, summary.RunId), token).ConfigureAwait(false);
                    }
                }).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (writer.IsFaulted && !cancellationToken.IsCancellationRequested)
        {
            // The writer's own failure is rethrown below.
        }
        finally
        {
            rows.Writer.TryComplete();
        }

        await writer.ConfigureAwait(false);
        summary.ApiRequests = _clients.Values.Sum(c => c.Requests);
        if (failedBatches > 0 && failedBatches == batches)
        {
            throw new GenieObservabilityException(
                $"Every Query History request failed ({failedBatches}); no statement was looked up: {lastFailure?.Message}",
                "QueryHistoryUnavailable",
                lastFailure?.ErrorType == GenieApiErrorType.PermissionDenied ? GenieErrorCategory.PermissionDenied : GenieErrorCategory.ResourceUnavailable,
                lastFailure);
        }

        if (summary.LookupFailed > 0)
        {
            _log.Warning($"Query metrics: {failedBatches} of {batches} Query History requests failed ({summary.LookupFailed} statements, last: {lastFailure?.Message}); a later run looks them up again.");
        }

        if (summary.NotAvailable > 0)
        {
            _log.Verbose($"Query metrics: {summary.NotAvailable} statements still not in query history {options.MaxLookupAge} after their first lookup; marked NOT_AVAILABLE.");
        }

        return Finish(summary);
    }

    /// <summary>FOUND for a final history entry; else PENDING while within the bound from the first lookup, then NOT_AVAILABLE.</summary>
    public static string Classify(StatementLookup lookup, QueryHistoryEntry? entry, DateTimeOffset now, TimeSpan maxLookupAge)
    {
        ArgumentNullException.ThrowIfNull(lookup);
        if (entry is { IsFinal: true })
        {
            return QueryMetricsAvailability.Found;
        }

        var first = lookup.FirstLookedUpAt ?? now;
        return now - first >= maxLookupAge ? QueryMetricsAvailability.NotAvailable : QueryMetricsAvailability.Pending;
    }

    private async Task<IReadOnlyDictionary<string, QueryHistoryEntry>> LookUpAsync(IReadOnlyList<StatementLookup> batch, CancellationToken cancellationToken)
    {
        var host = batch[0].WorkspaceUrl;
        var api = _apiFor(host);
        var client = _clients.GetOrAdd(api.Host.GetLeftPart(UriPartial.Authority), _ => new QueryHistoryClient(api));
        var found = new Dictionary<string, QueryHistoryEntry>(StringComparer.Ordinal);
        await foreach (var entry in client.ListAsync(batch.Select(b => b.StatementId).ToList(), cancellationToken).ConfigureAwait(false))
        {
            found[entry.StatementId] = entry;
        }

        return found;
    }

    private async Task<long> MergeFromSystemTableAsync(string batchId, CancellationToken cancellationToken)
    {
        try
        {
            var merged = await _warehouse.ExecuteAsync(SystemQueryHistoryMerge.Sql(_warehouse.Tables), SystemQueryHistoryMerge.Parameters(_clock.GetUtcNow(), batchId), cancellationToken).ConfigureAwait(false);
            _log.Verbose($"Query metrics: MERGE from {SystemQueryHistoryMerge.HistoryTable} affected {merged} rows.");
            return merged;
        }
        catch (GenieObservabilityException ex)
        {
            // No SELECT on system.query.history is common; the API still answers.
            _log.Warning($"Query metrics: could not read {SystemQueryHistoryMerge.HistoryTable} ({ex.Message}); using the Query History API only.");
            return 0;
        }
    }

    private async Task WriteAsync(ChannelReader<object?[]> reader, int writeBatchSize, CancellationToken cancellationToken)
    {
        var buffer = new List<object?[]>(writeBatchSize);
        async Task FlushAsync()
        {
            if (buffer.Count > 0)
            {
                await _warehouse.UpsertAsync(_warehouse.Tables.QueryMetrics, QueryMetricsRow.Key, QueryMetricsRow.Columns, buffer, _warehouse.RowsPerUpsertStatement, cancellationToken).ConfigureAwait(false);
                buffer.Clear();
            }
        }

        await foreach (var row in reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            buffer.Add(row);
            if (buffer.Count >= writeBatchSize)
            {
                await FlushAsync().ConfigureAwait(false);
            }
        }

        await FlushAsync().ConfigureAwait(false);
    }

    private GenieQueryMetricSyncSummary Finish(GenieQueryMetricSyncSummary summary)
    {
        summary.Status = GenieRunStatus.Succeeded;
        summary.FinishedAt = _clock.GetUtcNow();
        return summary;
    }
}

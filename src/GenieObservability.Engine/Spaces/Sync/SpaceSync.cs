using System.Runtime.CompilerServices;
using System.Threading.Channels;
using GenieObservability.Engine.Genie;
using GenieObservability.Engine.Spaces.Content;
using GenieObservability.Engine.Warehouse;

namespace GenieObservability.Engine.Spaces.Sync;

/// <summary>
/// Syncs space configurations into genie_space_details: GET each space with its serialized_space (bounded
/// concurrency), classify the outcome, and merge in batches. Emits one detail per space as soon as its batch is stored,
/// carrying the last good configuration when this fetch was not good. A 404 marks the space deleted (deleted_at, set
/// once and kept; a later good fetch clears it). The spaces whose fetch was not good are counted in one warning per run.
/// </summary>
public sealed class SpaceSync
{
    private readonly IWarehouse _warehouse;
    private readonly Func<Uri, IGenieClient> _clientFor;
    private readonly Uri? _defaultHost;
    private readonly IOperationLog _log;
    private readonly SpaceDetailsStore _store;
    private readonly List<string> _notFetched = [];
    private bool _tableReady;

    /// <param name="clientFor">The Genie client of a workspace host (one per host, reused).</param>
    /// <param name="defaultHost">The connected workspace, used for spaces whose workspace URL is unknown.</param>
    public SpaceSync(IWarehouse warehouse, Func<Uri, IGenieClient> clientFor, Uri? defaultHost, IOperationLog? log = null)
    {
        ArgumentNullException.ThrowIfNull(warehouse);
        ArgumentNullException.ThrowIfNull(clientFor);
        _warehouse = warehouse;
        _clientFor = clientFor;
        _defaultHost = defaultHost;
        _log = log ?? NullOperationLog.Instance;
        _store = new SpaceDetailsStore(warehouse);
    }

    public const int DefaultThrottleLimit = 4;

    /// <summary>Spaces fetched at once (serialized spaces are large; Sync-GenieSpaceDetails allows up to this many).</summary>
    public const int MaxThrottleLimit = 64;

    /// <summary>The most spaces Invoke-GenieObservabilityJob fetches at once: its -ThrottleLimit (sized for message GETs) capped here.</summary>
    public const int JobMaxThrottleLimit = 16;

    public int ThrottleLimit { get; init; } = DefaultThrottleLimit;

    public int BatchSize { get; init; } = 50;

    /// <summary>Fetches and stores every target; <paramref name="onStored"/> sees each space once its batch is merged.</summary>
    public async Task<GenieSpaceSyncSummary> RunAsync(IAsyncEnumerable<SpaceSyncTarget> targets, Action<GenieSpaceDetail> onStored, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(onStored);
        var summary = new GenieSpaceSyncSummary { BatchId = Guid.NewGuid().ToString(), StartedAt = DateTimeOffset.UtcNow };
        var fetched = Channel.CreateBounded<GenieSpaceDetail>(new BoundedChannelOptions(Math.Max(BatchSize, ThrottleLimit) * 2) { SingleReader = true });
        using var producing = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var writer = Task.Run(() => StoreAsync(fetched.Reader, summary, onStored, cancellationToken), cancellationToken);

        // A warehouse failure stops the fetching too (nothing would store what it fetches).
        _ = writer.ContinueWith(_ => producing.Cancel(), CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        try
        {
            var seen = new HashSet<(string, string)>();
            await Parallel.ForEachAsync(
                Distinct(targets, seen, producing.Token),
                new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, ThrottleLimit), CancellationToken = producing.Token },
                async (target, token) =>
                {
                    var outcome = await FetchAsync(target, summary.BatchId, summary.StartedAt, token).ConfigureAwait(false);
                    await fetched.Writer.WriteAsync(outcome, token).ConfigureAwait(false);
                }).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (writer.IsFaulted && !cancellationToken.IsCancellationRequested)
        {
            // The writer's own failure is rethrown below.
        }
        finally
        {
            fetched.Writer.TryComplete();
        }

        await writer.ConfigureAwait(false);
        summary.FinishedAt = DateTimeOffset.UtcNow;
        WarnNotFetched(summary);
        _log.Verbose("Space sync " + summary.BatchId + ": " + summary);
        return summary;
    }

    /// <summary>One GET, classified: never throws for an API failure (the outcome carries it).</summary>
    public async Task<GenieSpaceDetail> FetchAsync(SpaceSyncTarget target, string batchId, DateTimeOffset ingestedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        var host = target.WorkspaceUrl ?? _defaultHost ?? throw new GenieObservabilityException(
            $"Space '{target.SpaceId}' has no workspace URL and no workspace is connected.", "NoWorkspaceUrl", GenieErrorCategory.InvalidArgument);
        var detail = new GenieSpaceDetail
        {
            WorkspaceId = target.WorkspaceId,
            WorkspaceUrl = host.GetLeftPart(UriPartial.Authority),
            SpaceId = target.SpaceId,
            IngestionBatchId = batchId,
            IngestionTimestamp = ingestedAt,
        };
        try
        {
            var space = await _clientFor(host).GetSpaceAsync(target.SpaceId, includeSerializedSpace: true, cancellationToken).ConfigureAwait(false);
            var content = SpaceContent.From(space);
            if (!content.HasSerializedSpace)
            {
                detail.FetchStatus = GenieSpaceFetchStatus.Empty;
                detail.FetchError = "The space returned no serialized_space (it needs CAN EDIT, or the space is empty).";
                return detail;
            }

            detail.Title = space.Title;
            detail.Description = space.Description;
            detail.WarehouseId = space.WarehouseId;
            detail.ParentPath = space.ParentPath;
            detail.Etag = space.Etag;
            detail.CreateTime = space.CreateTime;
            detail.UpdateTime = space.UpdateTime;
            detail.SerializedSpace = space.SerializedSpace;
            detail.SerializedSpaceJson = content.SerializedSpaceCanonical;
            detail.ContentHash = content.Hash;
            detail.FetchStatus = GenieSpaceFetchStatus.Ok;
            detail.LastSuccessAt = ingestedAt;
        }
        catch (GenieApiException ex)
        {
            detail.FetchStatus = ex.ErrorType switch
            {
                GenieApiErrorType.PermissionDenied => GenieSpaceFetchStatus.Forbidden,
                GenieApiErrorType.NotFound => GenieSpaceFetchStatus.NotFound,
                _ => GenieSpaceFetchStatus.Failed,
            };
            detail.FetchError = $"{ex.ErrorType} {ex.HttpStatus}: {ex.Message}";
        }
        catch (GenieObservabilityException ex) when (ex.ErrorId == "InvalidJson")
        {
            detail.FetchStatus = GenieSpaceFetchStatus.Failed;
            detail.FetchError = "INVALID_RESPONSE: serialized_space is not valid JSON: " + ex.Message;
        }

        return detail;
    }

    private async Task StoreAsync(ChannelReader<GenieSpaceDetail> reader, GenieSpaceSyncSummary summary, Action<GenieSpaceDetail> onStored, CancellationToken cancellationToken)
    {
        var batch = new List<GenieSpaceDetail>(BatchSize);
        while (await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            while (batch.Count < BatchSize && reader.TryRead(out var item))
            {
                batch.Add(item);
            }

            if (batch.Count > 0)
            {
                await StoreBatchAsync(batch, summary, onStored, cancellationToken).ConfigureAwait(false);
                batch.Clear();
            }
        }
    }

    private async Task StoreBatchAsync(List<GenieSpaceDetail> batch, GenieSpaceSyncSummary summary, Action<GenieSpaceDetail> onStored, CancellationToken cancellationToken)
    {
        if (!_tableReady)
        {
            await _store.EnsureTableAsync(cancellationToken).ConfigureAwait(false);
            _tableReady = true;
        }

        var previous = await _store.ReadAsync(batch.Select(d => (d.WorkspaceId, d.SpaceId)).ToList(), cancellationToken).ConfigureAwait(false);
        foreach (var outcome in batch)
        {
            previous.TryGetValue((outcome.WorkspaceId, outcome.SpaceId), out var before);
            outcome.DeletedAt = outcome.FetchStatus switch
            {
                GenieSpaceFetchStatus.Ok => null,
                GenieSpaceFetchStatus.NotFound => before?.DeletedAt ?? outcome.IngestionTimestamp ?? DateTimeOffset.UtcNow,
                _ => before?.DeletedAt,
            };
        }

        await _store.MergeAsync(batch, cancellationToken).ConfigureAwait(false);
        foreach (var outcome in batch)
        {
            previous.TryGetValue((outcome.WorkspaceId, outcome.SpaceId), out var before);
            var emitted = outcome.FetchStatus == GenieSpaceFetchStatus.Ok ? outcome : KeepLastGood(outcome, before);
            emitted.ContentChanged = outcome.FetchStatus == GenieSpaceFetchStatus.Ok && !string.Equals(before?.ContentHash, outcome.ContentHash, StringComparison.Ordinal);
            Count(summary, emitted);
            if (outcome.FetchStatus != GenieSpaceFetchStatus.Ok)
            {
                // One warning with the counts at the end of the run; each space on the verbose stream.
                _log.Verbose($"Space {outcome.SpaceId} in workspace {outcome.WorkspaceId}: {outcome.FetchStatus} ({outcome.FetchError}); the last good configuration is kept.");
                lock (_notFetched)
                {
                    _notFetched.Add(outcome.SpaceId);
                }
            }

            onStored(emitted);
        }
    }

    private void WarnNotFetched(GenieSpaceSyncSummary summary)
    {
        List<string> ids;
        lock (_notFetched)
        {
            ids = [.. _notFetched];
            _notFetched.Clear();
        }

        if (ids.Count > 0)
        {
            _log.Warning(
                $"{ids.Count} of {summary.Spaces} space(s) not fetched ({summary.Empty} empty, {summary.Forbidden} forbidden, {summary.NotFound} not found (marked deleted), {summary.Failed} failed); "
                + $"they keep their last good configuration in {_warehouse.Tables.SpaceDetails}, with the reason in api_fetch_status and api_fetch_error: "
                + $"{string.Join(", ", ids.Take(10))}{(ids.Count > 10 ? ", ..." : string.Empty)}. -Verbose gives each reason.");
        }
    }

    private static GenieSpaceDetail KeepLastGood(GenieSpaceDetail outcome, GenieSpaceDetail? before)
    {
        if (before is null)
        {
            return outcome;
        }

        before.WorkspaceUrl = outcome.WorkspaceUrl;
        before.FetchStatus = outcome.FetchStatus;
        before.FetchError = outcome.FetchError;
        before.IngestionBatchId = outcome.IngestionBatchId;
        before.IngestionTimestamp = outcome.IngestionTimestamp;
        before.DeletedAt = outcome.DeletedAt;
        return before;
    }

    private static void Count(GenieSpaceSyncSummary summary, GenieSpaceDetail detail)
    {
        summary.Spaces++;
        switch (detail.FetchStatus)
        {
            case GenieSpaceFetchStatus.Ok:
                summary.Succeeded++;
                if (detail.ContentChanged)
                {
                    summary.Changed++;
                }

                break;
            case GenieSpaceFetchStatus.Empty:
                summary.Empty++;
                break;
            case GenieSpaceFetchStatus.Forbidden:
                summary.Forbidden++;
                break;
            case GenieSpaceFetchStatus.NotFound:
                summary.NotFound++;
                break;
            default:
                summary.Failed++;
                break;
        }
    }

    private static async IAsyncEnumerable<SpaceSyncTarget> Distinct(IAsyncEnumerable<SpaceSyncTarget> targets, HashSet<(string, string)> seen, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var target in targets.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (seen.Add((target.WorkspaceId, target.SpaceId)))
            {
                yield return target;
            }
        }
    }
}

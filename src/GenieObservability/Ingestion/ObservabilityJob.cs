using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using GenieObservability.Engine;
using GenieObservability.Engine.Analytics;
using GenieObservability.Engine.Ingestion;
using GenieObservability.Engine.Pipeline;
using GenieObservability.Engine.QueryMetrics;
using GenieObservability.Engine.Report;
using GenieObservability.Engine.Spaces.Sync;
using GenieObservability.Engine.Warehouse;

namespace GenieObservability.Commands.Ingestion;

/// <summary>
/// Refresh, then read what to fetch, then ingest, streaming the second into the third. Each step records its own run
/// in genie_ingestion_runs; the job adds a JOB row with the outcome. Then (unless -SkipQueryMetrics) the query metrics
/// of the stored answers' statements are looked up into message_query_metrics. With -SyncSpaces, the spaces of the silver table
/// are synced into genie_space_details; with a report path, the observability report is written last. A failed step ends the job as FAILED (the summary
/// says which); per-message failures do not.
/// </summary>
internal sealed class ObservabilityJob(WorkspaceSession session, Func<IWarehouse> openWarehouse, IOperationLog log)
{
    public async Task<GenieObservabilityJobSummary> RunAsync(ObservabilityJobPlan plan, CancellationToken cancellationToken)
    {
        var job = new GenieObservabilityJobSummary { RunId = MessageIngestor.NewRunId(), StartedAt = DateTimeOffset.UtcNow };
        try
        {
            PipelineRefreshOutcome refresh;
            try
            {
                refresh = await RefreshAsync(plan, cancellationToken).ConfigureAwait(false);
            }
            catch (GenieObservabilityException ex)
            {
                return await FinishAsync(job, GenieRunStatus.Failed, "Refresh", ex.Message).ConfigureAwait(false);
            }

            job.Refresh = refresh.Run;
            if (refresh.Failure is { } failure)
            {
                return await FinishAsync(job, GenieRunStatus.Failed, "Refresh", failure.Message).ConfigureAwait(false);
            }

            var byReason = new ConcurrentDictionary<string, long>(StringComparer.OrdinalIgnoreCase);
            var reader = openWarehouse();
            await using (reader.ConfigureAwait(false))
            {
                using var ingestion = new MessageIngestionRun(session, openWarehouse(), plan.Ingestion with { RunId = MessageIngestor.NewRunId() }, plan.ToFetch.MaxRetries, log);
                var source = Counted(new MessagesToFetchReader(reader).ReadAsync(plan.ToFetch, log, cancellationToken), byReason, cancellationToken);
                try
                {
                    job.Ingestion = await ingestion.RunAsync(source, cancellationToken).ConfigureAwait(false);
                }
                catch (GenieObservabilityException ex)
                {
                    job.ToFetchByReason = Sorted(byReason);
                    return await FinishAsync(job, GenieRunStatus.Failed, "Ingestion", ex.Message).ConfigureAwait(false);
                }
            }

            job.ToFetchByReason = Sorted(byReason);
            if (MessageIngestor.WholeRunFailure(job.Ingestion) is { } unreachable)
            {
                // No workspace answered: the messages are kept, retryable, but the step did not do its job.
                return await FinishAsync(job, GenieRunStatus.Failed, "Ingestion", unreachable.Message).ConfigureAwait(false);
            }

            if (plan.QueryMetrics is { } queryMetrics)
            {
                try
                {
                    var warehouse = openWarehouse();
                    await using (warehouse.ConfigureAwait(false))
                    {
                        job.QueryMetrics = await new QueryMetricsSync(warehouse, host => session.Api(host, log), log).RunAsync(queryMetrics, cancellationToken).ConfigureAwait(false);
                    }
                }
                catch (GenieObservabilityException ex)
                {
                    return await FinishAsync(job, "FAILED", "QueryMetrics", ex.Message).ConfigureAwait(false);
                }
            }

            if (plan.SpaceSync is { } spaces)
            {
                try
                {
                    job.SpaceSync = await SyncSpacesAsync(spaces, cancellationToken).ConfigureAwait(false);
                }
                catch (GenieObservabilityException ex)
                {
                    return await FinishAsync(job, GenieRunStatus.Failed, "SpaceSync", ex.Message).ConfigureAwait(false);
                }
            }

            if (plan.Report is { } report)
            {
                try
                {
                    var warehouse = openWarehouse();
                    await using (warehouse.ConfigureAwait(false))
                    {
                        job.Report = await new ObservabilityReportBuilder(new AnalyticsSource(warehouse)).WriteAsync(report, cancellationToken).ConfigureAwait(false);
                    }
                }
                catch (GenieObservabilityException ex)
                {
                    return await FinishAsync(job, GenieRunStatus.Failed, "Report", ex.Message).ConfigureAwait(false);
                }
            }

            return await FinishAsync(job, GenieRunStatus.Succeeded, null, null).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await FinishAsync(job, GenieRunStatus.Cancelled, null, "Cancelled by the user.").ConfigureAwait(false);
            throw;
        }
    }

    private async Task<PipelineRefreshOutcome> RefreshAsync(ObservabilityJobPlan plan, CancellationToken cancellationToken)
    {
        var warehouse = openWarehouse();
        await using (warehouse.ConfigureAwait(false))
        {
            var engine = await PipelineEngineSelector.SelectAsync(warehouse, plan.PipelineId, session, DatabricksPipelineEngine.DefaultPollInterval, log, cancellationToken).ConfigureAwait(false);
            await ObservabilitySchema.InstallAsync(warehouse, _ => true, cancellationToken).ConfigureAwait(false);
            return await new PipelineRefresher(new PipelineRunStore(warehouse), engine).RefreshAsync(plan.Refresh, log, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Every space of the silver table, as Sync-GenieSpaceDetails without input does (with AllSpaces, every space each
    /// workspace lists too). A space that cannot be fetched is counted (and keeps its last good configuration); only a
    /// step that cannot run at all throws.
    /// </summary>
    private async Task<GenieSpaceSyncSummary> SyncSpacesAsync(SpaceSyncSettings settings, CancellationToken cancellationToken)
    {
        var warehouse = openWarehouse();
        await using (warehouse.ConfigureAwait(false))
        {
            var sync = new SpaceSync(warehouse, host => session.Genie(host, log), session.Host, log) { ThrottleLimit = settings.ThrottleLimit };
            var inventory = new SpaceInventory(warehouse, host => session.Genie(host, log), session.Host, log);
            var targets = settings.AllSpaces ? inventory.EverySpaceAsync(settings.WorkspaceIds, null, cancellationToken) : inventory.FromSilverAsync(settings.WorkspaceIds, null, cancellationToken);
            return await sync.RunAsync(targets, _ => { }, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<GenieObservabilityJobSummary> FinishAsync(GenieObservabilityJobSummary job, string status, string? failedStep, string? error)
    {
        job.Status = status;
        job.FailedStep = failedStep;
        job.Error = error;
        job.FinishedAt = DateTimeOffset.UtcNow;
        try
        {
            var warehouse = openWarehouse();
            await using (warehouse.ConfigureAwait(false))
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
                await IngestionRunRecorder.WriteJobAsync(warehouse, job, timeout.Token).ConfigureAwait(false);
            }
        }
        catch (GenieObservabilityException ex)
        {
            // The summary still reports the outcome; a warehouse that cannot take the JOB row is usually why the job failed.
            log.Warning($"Could not record job {job.RunId} in genie_ingestion_runs: {ex.Message}");
        }

        if (status != GenieRunStatus.Succeeded)
        {
            log.Warning($"The Genie observability job ended {status}{(failedStep is null ? string.Empty : " in its " + failedStep + " step")}: {error}");
        }

        return job;
    }

    private static async IAsyncEnumerable<GenieMessageToFetch> Counted(IAsyncEnumerable<GenieMessageToFetch> source, ConcurrentDictionary<string, long> byReason, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var item in source.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            byReason.AddOrUpdate(item.Reason, 1, (_, count) => count + 1);
            yield return item;
        }
    }

    private static Dictionary<string, long> Sorted(ConcurrentDictionary<string, long> counts) =>
        counts.OrderBy(p => p.Key, StringComparer.Ordinal).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
}

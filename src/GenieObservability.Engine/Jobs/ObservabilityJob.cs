using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using GenieObservability.Engine.Analytics;
using GenieObservability.Engine.Ingestion;
using GenieObservability.Engine.Pipeline;
using GenieObservability.Engine.QueryMetrics;
using GenieObservability.Engine.Report;
using GenieObservability.Engine.Spaces.Sync;
using GenieObservability.Engine.Warehouse;

namespace GenieObservability.Engine.Jobs;

/// <summary>
/// Invoke-GenieObservabilityJob: refresh, then read what to fetch and ingest it (the second streamed into the third),
/// then (unless left out) look up the stored answers' query metrics into message_query_metrics, then (optionally) sync
/// the spaces of the silver table into genie_space_details, then (optionally) write the observability report. Each step
/// records its own run in genie_ingestion_runs; the job adds a JOB row with the outcome. A failed step ends the job as
/// FAILED naming the step; per-message and per-space failures do not. Cancellation is recorded as CANCELLED.
/// </summary>
/// <param name="openWarehouse">Opens the warehouse, from any thread; each step opens and closes its own.</param>
public sealed class ObservabilityJob(WorkspaceSession session, Func<IWarehouse> openWarehouse, IOperationLog log)
{
    public async Task<GenieObservabilityJobSummary> RunAsync(ObservabilityJobPlan plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var job = new GenieObservabilityJobSummary { RunId = MessageIngestor.NewRunId(), StartedAt = DateTimeOffset.UtcNow };
        try
        {
            foreach (var (step, run) in Steps(job, plan, cancellationToken))
            {
                string? error;
                try
                {
                    error = await run().ConfigureAwait(false);
                }
                catch (GenieObservabilityException ex)
                {
                    error = ex.Message;
                }

                if (error is not null)
                {
                    return await FinishAsync(job, GenieRunStatus.Failed, step, error).ConfigureAwait(false);
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

    /// <summary>
    /// The error a caller raises for a job that ended FAILED (a terminating error in a runbook), categorised by the step
    /// that failed; null for any other outcome.
    /// </summary>
    public static GenieObservabilityException? Failure(GenieObservabilityJobSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        if (summary.Status != GenieRunStatus.Failed)
        {
            return null;
        }

        var category = summary.FailedStep switch
        {
            ObservabilityJobStep.Refresh => GenieErrorCategory.InvalidOperation,
            ObservabilityJobStep.Ingestion when summary.FailedByWorkspace.Count > 0 && summary.Ingestion?.Status == GenieRunStatus.Failed => GenieErrorCategory.ConnectionError,
            _ => GenieErrorCategory.WriteError,
        };
        return new GenieObservabilityException($"The Genie observability job failed in its {summary.FailedStep} step: {summary.Error}", "GenieObservabilityJobFailed", category);
    }

    /// <summary>The planned steps in order; each returns the reason it failed as a whole (or throws), null when it did its job.</summary>
    private IEnumerable<(string Step, Func<Task<string?>> Run)> Steps(GenieObservabilityJobSummary job, ObservabilityJobPlan plan, CancellationToken cancellationToken)
    {
        yield return (ObservabilityJobStep.Refresh, () => RefreshAsync(job, plan, cancellationToken));
        yield return (ObservabilityJobStep.Ingestion, () => IngestAsync(job, plan, cancellationToken));
        if (plan.QueryMetrics is { } queryMetrics)
        {
            yield return (ObservabilityJobStep.QueryMetrics, () => OnWarehouseAsync(async warehouse =>
            {
                job.QueryMetrics = await new QueryMetricsSync(warehouse, host => session.Api(host, log), log).RunAsync(queryMetrics, cancellationToken).ConfigureAwait(false);
            }));
        }

        if (plan.SpaceSync is { } spaces)
        {
            yield return (ObservabilityJobStep.SpaceSync, () => OnWarehouseAsync(async warehouse =>
            {
                job.SpaceSync = await SyncSpacesAsync(warehouse, spaces, cancellationToken).ConfigureAwait(false);
            }));
        }

        if (plan.Report is { } report)
        {
            yield return (ObservabilityJobStep.Report, () => OnWarehouseAsync(async warehouse =>
            {
                job.Report = await new ObservabilityReportBuilder(new AnalyticsSource(warehouse)).WriteAsync(report, cancellationToken).ConfigureAwait(false);
            }));
        }
    }

    private async Task<string?> RefreshAsync(GenieObservabilityJobSummary job, ObservabilityJobPlan plan, CancellationToken cancellationToken)
    {
        var warehouse = openWarehouse();
        await using (warehouse.ConfigureAwait(false))
        {
            var refresher = await PipelineRefresher.CreateAsync(warehouse, plan.PipelineId, session, DatabricksPipelineEngine.DefaultPollInterval, log, cancellationToken).ConfigureAwait(false);
            var refresh = await refresher.RefreshAsync(plan.Refresh, log, cancellationToken).ConfigureAwait(false);
            job.Refresh = refresh.Run;
            return refresh.Failure?.Message;
        }
    }

    /// <summary>Reads what to fetch (counted by reason) into the ingestion run; fails when no workspace answered.</summary>
    private async Task<string?> IngestAsync(GenieObservabilityJobSummary job, ObservabilityJobPlan plan, CancellationToken cancellationToken)
    {
        var byReason = new ConcurrentDictionary<string, long>(StringComparer.OrdinalIgnoreCase);
        try
        {
            var reader = openWarehouse();
            await using (reader.ConfigureAwait(false))
            {
                using var ingestion = new MessageIngestionRun(session, openWarehouse, plan.Ingestion with { RunId = MessageIngestor.NewRunId() }, plan.ToFetch.MaxRetries, log);
                var source = Counted(new MessagesToFetchReader(reader).ReadAsync(plan.ToFetch, log, cancellationToken), byReason, cancellationToken);
                var summary = await ingestion.RunAsync(source, cancellationToken).ConfigureAwait(false);
                job.Ingestion = summary;

                // No workspace answered: the messages are kept, retryable, but the step did not do its job.
                return MessageIngestor.WholeRunFailure(summary)?.Message;
            }
        }
        finally
        {
            job.ToFetchByReason = byReason.OrderBy(p => p.Key, StringComparer.Ordinal).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        }
    }

    /// <summary>
    /// Every space of the silver table, as Sync-GenieSpaceDetails without input does (with AllSpaces, every space each
    /// workspace lists too). A space that cannot be fetched is counted (and keeps its last good configuration); only a
    /// step that cannot run at all throws.
    /// </summary>
    private Task<GenieSpaceSyncSummary> SyncSpacesAsync(IWarehouse warehouse, SpaceSyncSettings settings, CancellationToken cancellationToken)
    {
        var sync = new SpaceSync(warehouse, host => session.Genie(host, log), session.Host, log) { ThrottleLimit = settings.ThrottleLimit };
        var inventory = new SpaceInventory(warehouse, host => session.Genie(host, log), session.Host, log);
        var targets = settings.AllSpaces ? inventory.EverySpaceAsync(settings.WorkspaceIds, null, cancellationToken) : inventory.FromSilverAsync(settings.WorkspaceIds, null, cancellationToken);
        return sync.RunAsync(targets, _ => { }, cancellationToken);
    }

    /// <summary>Runs a step that needs nothing but an open warehouse; it did its job unless it throws.</summary>
    private async Task<string?> OnWarehouseAsync(Func<IWarehouse, Task> body)
    {
        var warehouse = openWarehouse();
        await using (warehouse.ConfigureAwait(false))
        {
            await body(warehouse).ConfigureAwait(false);
            return null;
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
            await OnWarehouseAsync(async warehouse =>
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
                await IngestionRunRecorder.WriteJobAsync(warehouse, job, timeout.Token).ConfigureAwait(false);
            }).ConfigureAwait(false);
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
}

using GenieObservability.Engine.Schema;
using GenieObservability.Engine.Warehouse;

namespace GenieObservability.Engine.Pipeline;

/// <summary>
/// One Invoke-GeniePipelineRefresh: reads the watermark, plans the window, records the run as RUNNING, lets the engine
/// build the tables, and records how it ended (SUCCEEDED, FAILED or CANCELLED) in genie_ingestion_runs.
/// </summary>
public sealed class PipelineRefresher(PipelineRunStore runs, IPipelineEngine engine, TimeProvider? clock = null)
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    /// <summary>
    /// The refresher of <paramref name="warehouse"/>, as every caller builds it: the engine <see cref="PipelineEngineSelector"/>
    /// chooses, and the product's tables installed first (the run history, the Auto watermark, lives with them).
    /// </summary>
    public static async Task<PipelineRefresher> CreateAsync(IWarehouse warehouse, string? pipelineId, WorkspaceSession? workspace, TimeSpan pollInterval, IOperationLog log, CancellationToken cancellationToken)
    {
        var engine = await PipelineEngineSelector.SelectAsync(warehouse, pipelineId, workspace, pollInterval, log, cancellationToken).ConfigureAwait(false);
        await ObservabilitySchema.InstallAsync(warehouse, _ => true, cancellationToken).ConfigureAwait(false);
        return new PipelineRefresher(new PipelineRunStore(warehouse), engine);
    }

    public async Task<PipelineRefreshOutcome> RefreshAsync(RefreshRequest request, IOperationLog log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(log);
        var now = _clock.GetUtcNow().UtcDateTime;
        var watermark = await runs.GetWatermarkAsync(cancellationToken).ConfigureAwait(false);
        var window = LoadModePlanner.Plan(request, watermark, now);
        log.Verbose($"{request.Mode} refresh ({engine.Name}): window {LoadModePlanner.Format(window.Start)} .. {LoadModePlanner.Format(window.End)}: {window.Reason}.");
        if (window.GapWarning is not null)
        {
            log.Warning(window.GapWarning);
        }

        var run = new GeniePipelineRun
        {
            RunId = Guid.NewGuid().ToString(),
            Engine = engine.Name,
            Mode = request.Mode,
            EffectiveMode = window.EffectiveMode,
            WindowStart = new DateTimeOffset(window.Start, TimeSpan.Zero),
            WindowEnd = new DateTimeOffset(window.End, TimeSpan.Zero),
            WorkspaceIds = request.Workspaces,
            StartedAt = _clock.GetUtcNow(),
            Status = GenieRunStatus.Running,
            WindowReason = window.Reason,
        };
        run.FinishedAt = run.StartedAt;
        await runs.RecordAsync(run, window, cancellationToken).ConfigureAwait(false);

        Exception? failure = null;
        try
        {
            var built = await engine.RunAsync(new PipelineBuildRequest(window, request.Workspaces, now, log), cancellationToken).ConfigureAwait(false);
            run.BronzeRows = built.BronzeRows;
            run.SilverRows = built.SilverRows;
            run.PipelineId = built.PipelineId;
            run.UpdateId = built.UpdateId;
            run.Status = GenieRunStatus.Succeeded;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            run.Status = GenieRunStatus.Cancelled;
            run.Error = "Cancelled by the user.";
            run.FinishedAt = _clock.GetUtcNow();
            await runs.RecordAsync(run, window, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
        catch (Exception ex) when (ex is GenieObservabilityException or InvalidOperationException or IOException or System.Data.Common.DbException)
        {
            failure = ex;
            run.Status = GenieRunStatus.Failed;
            run.Error = ex.Message;
            if (ex is PipelineUpdateFailedException updateFailure)
            {
                run.PipelineId = updateFailure.PipelineId;
                run.UpdateId = updateFailure.UpdateId;
            }
        }

        run.FinishedAt = _clock.GetUtcNow();
        await runs.RecordAsync(run, window, CancellationToken.None).ConfigureAwait(false);
        return new PipelineRefreshOutcome(run, failure);
    }
}

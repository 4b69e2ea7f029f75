using System.Threading.Channels;
using GenieObservability.Engine.Genie;
using GenieObservability.Engine.Schema;
using GenieObservability.Engine.Spaces.Sync;
using GenieObservability.Engine.Warehouse;

namespace GenieObservability.Engine.Spaces.Evaluation;

/// <summary>
/// Syncs the evaluation (benchmark) runs of Genie spaces into genie_space_eval_runs and their per-question results into
/// genie_space_eval_results. Incremental: each space's runs are listed (one paged GET), and only runs not already stored
/// as finished are read (results list, then each result's details for its assessment). A run is stored as finished
/// only when its status is final and every result was read, so a run caught mid-evaluation or half-read is read again
/// by the next sync. Spaces are fetched in parallel; one writer merges what they bring.
/// </summary>
/// <param name="clientFor">The Genie client of a workspace host (one per host, reused).</param>
/// <param name="defaultHost">The connected workspace, used for spaces whose workspace URL is unknown.</param>
public sealed class SpaceEvaluationSync(IWarehouse warehouse, Func<Uri, IGenieClient> clientFor, Uri? defaultHost, IOperationLog? log = null)
{
    private readonly IWarehouse _warehouse = warehouse ?? throw new ArgumentNullException(nameof(warehouse));
    private readonly Func<Uri, IGenieClient> _clientFor = clientFor ?? throw new ArgumentNullException(nameof(clientFor));
    private readonly IOperationLog _log = log ?? NullOperationLog.Instance;

    public int ThrottleLimit { get; init; } = 4;

    /// <summary>Syncs every target; <paramref name="onStored"/> sees each run once it is merged.</summary>
    public async Task<GenieSpaceEvaluationSummary> RunAsync(IAsyncEnumerable<SpaceSyncTarget> targets, Action<GenieSpaceEvaluationRun> onStored, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(onStored);
        await EnsureTablesAsync(cancellationToken).ConfigureAwait(false);
        var finished = await FinishedRunsAsync(cancellationToken).ConfigureAwait(false);
        var summary = new GenieSpaceEvaluationSummary();
        var batchId = Guid.NewGuid().ToString();
        var fetched = Channel.CreateBounded<SpaceEvaluation>(new BoundedChannelOptions(Math.Max(1, ThrottleLimit) * 2) { SingleReader = true });
        using var producing = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var writer = Task.Run(() => StoreAsync(fetched.Reader, summary, batchId, onStored, cancellationToken), cancellationToken);
        _ = writer.ContinueWith(_ => producing.Cancel(), CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        try
        {
            var seen = new HashSet<(string, string)>();
            await Parallel.ForEachAsync(
                targets,
                new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, ThrottleLimit), CancellationToken = producing.Token },
                async (target, token) =>
                {
                    lock (seen)
                    {
                        if (!seen.Add((target.WorkspaceId, target.SpaceId)))
                        {
                            return;
                        }
                    }

                    var evaluation = await FetchAsync(target, finished, token).ConfigureAwait(false);
                    await fetched.Writer.WriteAsync(evaluation, token).ConfigureAwait(false);
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
        if (summary.SpacesFailed > 0 || summary.RunsFailed > 0)
        {
            _log.Warning($"Evaluation runs: {summary.SpacesFailed} of {summary.Spaces} spaces could not be listed and {summary.RunsFailed} runs could not be read; they are tried again by the next sync.");
        }

        _log.Verbose("Evaluation sync " + batchId + ": " + summary);
        return summary;
    }

    /// <summary>Lists a space's runs and reads those not stored as finished; never throws for an API failure.</summary>
    private async Task<SpaceEvaluation> FetchAsync(SpaceSyncTarget target, HashSet<(string, string, string)> finished, CancellationToken cancellationToken)
    {
        var host = target.WorkspaceUrl ?? defaultHost ?? throw new GenieObservabilityException(
            $"Space '{target.SpaceId}' has no workspace URL and no workspace is connected.", "NoWorkspaceUrl", GenieErrorCategory.InvalidArgument);
        var client = _clientFor(host);
        var evaluation = new SpaceEvaluation(target, host);
        try
        {
            await foreach (var run in client.ListEvalRunsAsync(target.SpaceId, cancellationToken).ConfigureAwait(false))
            {
                evaluation.Listed++;
                if (run.EvalRunId.Length == 0 || finished.Contains((target.WorkspaceId, target.SpaceId, run.EvalRunId)))
                {
                    evaluation.Skipped++;
                    continue;
                }

                run.WorkspaceId = target.WorkspaceId;
                evaluation.Runs.Add(await ReadRunAsync(client, run, cancellationToken).ConfigureAwait(false));
            }
        }
        catch (GenieApiException ex)
        {
            evaluation.Failure = $"{ex.ErrorType} {ex.HttpStatus}: {ex.Message}";
            _log.Verbose($"Evaluation runs of space {target.SpaceId} in workspace {target.WorkspaceId}: {evaluation.Failure}");
        }

        return evaluation;
    }

    private static async Task<RunRead> ReadRunAsync(IGenieClient client, GenieSpaceEvaluationRun run, CancellationToken cancellationToken)
    {
        var results = new List<GenieEvalResult>();
        try
        {
            var listed = new List<GenieEvalResult>();
            await foreach (var result in client.ListEvalResultsAsync(run.SpaceId, run.EvalRunId, cancellationToken).ConfigureAwait(false))
            {
                if (result.ResultId.Length > 0)
                {
                    listed.Add(result);
                }
            }

            // The list has no assessment: each result's details add it (GOOD/BAD/NEEDS_REVIEW, reasons, responses).
            foreach (var item in listed)
            {
                var details = await client.GetEvalResultAsync(run.SpaceId, run.EvalRunId, item.ResultId, cancellationToken).ConfigureAwait(false);
                results.Add(item with
                {
                    Assessment = details.Assessment,
                    AssessmentReasonsJson = details.AssessmentReasonsJson,
                    ManualAssessment = details.ManualAssessment,
                    ActualResponseJson = details.ActualResponseJson,
                    ExpectedResponseJson = details.ExpectedResponseJson,
                    BenchmarkQuestionId = item.BenchmarkQuestionId ?? details.BenchmarkQuestionId,
                });
            }

            return new RunRead(run, results, null);
        }
        catch (GenieApiException ex)
        {
            return new RunRead(run, results, $"{ex.ErrorType} {ex.HttpStatus}: {ex.Message}");
        }
    }

    private async Task StoreAsync(ChannelReader<SpaceEvaluation> reader, GenieSpaceEvaluationSummary summary, string batchId, Action<GenieSpaceEvaluationRun> onStored, CancellationToken cancellationToken)
    {
        await foreach (var evaluation in reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            summary.Spaces++;
            summary.RunsListed += evaluation.Listed;
            summary.RunsSkipped += evaluation.Skipped;
            if (evaluation.Failure is not null)
            {
                summary.SpacesFailed++;
            }

            if (evaluation.Runs.Count == 0)
            {
                continue;
            }

            var now = DateTime.UtcNow;
            var resultRows = evaluation.Runs.SelectMany(read => read.Results.Select(result => ResultRow(evaluation, read.Run, result, batchId, now))).ToList();
            if (resultRows.Count > 0)
            {
                await _warehouse.UpsertAsync(_warehouse.Tables.EvalResults, EvaluationTables.EvalResults.Key, EvaluationTables.EvalResults.ColumnNames, resultRows, _warehouse.RowsPerUpsertStatement, cancellationToken).ConfigureAwait(false);
            }

            // Runs after their results: a run row marked finished promises its results are stored.
            var runRows = evaluation.Runs.Select(read => RunRow(evaluation, read, batchId, now)).ToList();
            await _warehouse.UpsertAsync(_warehouse.Tables.EvalRuns, EvaluationTables.EvalRuns.Key, EvaluationTables.EvalRuns.ColumnNames, runRows, _warehouse.RowsPerUpsertStatement, cancellationToken).ConfigureAwait(false);
            foreach (var read in evaluation.Runs)
            {
                read.Run.ResultsStored = read.Results.Count;
                summary.ResultsStored += read.Results.Count;
                if (read.Failure is null)
                {
                    summary.RunsStored++;
                }
                else
                {
                    summary.RunsFailed++;
                    _log.Verbose($"Evaluation run {read.Run.EvalRunId} of space {read.Run.SpaceId}: {read.Failure}");
                }

                onStored(read.Run);
            }
        }
    }

    private static object?[] RunRow(SpaceEvaluation evaluation, RunRead read, string batchId, DateTime now)
    {
        var run = read.Run;
        return
        [
            evaluation.Target.WorkspaceId,
            run.SpaceId,
            run.EvalRunId,
            evaluation.Host.GetLeftPart(UriPartial.Authority),
            run.Status,
            run.IsFinished && read.Failure is null,
            run.NumQuestions,
            run.NumCorrect,
            run.NumNeedsReview,
            run.NumDone,
            run.RunByUser,
            run.CreatedTimestamp?.UtcDateTime,
            run.LastUpdatedTimestamp?.UtcDateTime,
            read.Results.Count,
            batchId,
            now,
        ];
    }

    private static object?[] ResultRow(SpaceEvaluation evaluation, GenieSpaceEvaluationRun run, GenieEvalResult result, string batchId, DateTime now) =>
    [
        evaluation.Target.WorkspaceId,
        run.SpaceId,
        run.EvalRunId,
        result.ResultId,
        result.BenchmarkQuestionId,
        result.Question,
        result.BenchmarkAnswer,
        result.Status,
        result.Assessment,
        result.AssessmentReasonsJson,
        result.ManualAssessment,
        result.CreatedByUser,
        result.ActualResponseJson,
        result.ExpectedResponseJson,
        batchId,
        now,
    ];

    private async Task EnsureTablesAsync(CancellationToken cancellationToken)
    {
        var existing = await ObservabilitySchema.ExistingTablesAsync(_warehouse, cancellationToken).ConfigureAwait(false);
        if (existing is null || EvaluationTables.All.Any(table => !existing.Contains(table.Name)))
        {
            await ObservabilitySchema.InstallAsync(_warehouse, _ => true, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Every run stored as finished, in one statement: those are never read again.</summary>
    private async Task<HashSet<(string, string, string)>> FinishedRunsAsync(CancellationToken cancellationToken)
    {
        var finished = new HashSet<(string, string, string)>();
        await foreach (var row in _warehouse.QueryAsync($"SELECT workspace_id, space_id, eval_run_id FROM {_warehouse.Tables.EvalRuns} WHERE is_finished = TRUE", null, cancellationToken).ConfigureAwait(false))
        {
            if (row["workspace_id"] is string workspaceId && row["space_id"] is string spaceId && row["eval_run_id"] is string runId)
            {
                finished.Add((workspaceId, spaceId, runId));
            }
        }

        return finished;
    }

    private sealed record RunRead(GenieSpaceEvaluationRun Run, IReadOnlyList<GenieEvalResult> Results, string? Failure);

    private sealed class SpaceEvaluation(SpaceSyncTarget target, Uri host)
    {
        public SpaceSyncTarget Target { get; } = target;

        public Uri Host { get; } = host;

        public List<RunRead> Runs { get; } = [];

        public int Listed { get; set; }

        public int Skipped { get; set; }

        public string? Failure { get; set; }
    }
}

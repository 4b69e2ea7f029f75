using GenieObservability.Engine.Ingestion;
using GenieObservability.Engine.Jobs;
using GenieObservability.Engine.Pipeline;
using GenieObservability.Engine.Report;
using GenieObservability.Engine.Tests.Ingestion;
using GenieObservability.Engine.Tests.Pipeline;
using GenieObservability.Engine.Warehouse;

namespace GenieObservability.Engine.Tests.Jobs;

/// <summary>The job against the emulator over loopback and the embedded warehouse, from audit rows to the JOB row.</summary>
public sealed class ObservabilityJobTests
{
    private const int Messages = 3;

    [Fact]
    public async Task Runs_its_steps_in_order_and_records_each_run_and_a_JOB_row()
    {
        await using var h = await StartAsync();
        var log = new RecordingLog();
        var report = Path.Combine(Path.GetDirectoryName(h.DatabasePath)!, "report.html");
        var plan = Plan() with { SpaceSync = SpaceSyncSettings.ForJob(null, 8, allSpaces: false), Report = new ReportRequest(report) };

        var job = await new ObservabilityJob(h.Session, () => new DuckDbWarehouse(h.DatabasePath), log).RunAsync(plan, CancellationToken.None);

        Assert.Equal(GenieRunStatus.Succeeded, job.Status);
        Assert.Null(job.FailedStep);
        Assert.Null(ObservabilityJob.Failure(job));
        Assert.Equal(GenieRunStatus.Succeeded, job.Refresh!.Status);
        Assert.Equal(Messages, job.ToFetchByReason[GenieMessageToFetch.ReasonNew]);
        Assert.Equal(Messages, job.Ingestion!.Stored);
        Assert.Equal(1, job.SpaceSync!.Spaces);
        Assert.True(File.Exists(report));
        Assert.Equal(Messages, await h.CountAsync("SELECT COUNT(*) FROM genie_analytics.message_details"));

        // The JOB row spans the steps' own runs: it starts first and ends last.
        Assert.Equal([(IngestionRunRecorder.Job, GenieRunStatus.Succeeded), (PipelineRunStore.RunType, GenieRunStatus.Succeeded), (IngestionRunRecorder.MessageIngestion, GenieRunStatus.Succeeded)], await RunsAsync(h, "started_at"));
        Assert.Equal(IngestionRunRecorder.Job, (await RunsAsync(h, "finished_at"))[^1].Type);
        Assert.Equal(job.RunId, await h.ScalarAsync("SELECT run_id FROM genie_analytics.genie_ingestion_runs WHERE run_type = 'JOB'"));
    }

    [Fact]
    public async Task A_failed_step_ends_the_job_FAILED_naming_the_step_after_keeping_what_the_earlier_steps_did()
    {
        await using var h = await StartAsync();
        var log = new RecordingLog();
        var missingFolder = Path.Combine(Path.GetDirectoryName(h.DatabasePath)!, "missing", "report.html");

        var job = await new ObservabilityJob(h.Session, () => new DuckDbWarehouse(h.DatabasePath), log).RunAsync(Plan() with { Report = new ReportRequest(missingFolder) }, CancellationToken.None);

        Assert.Equal(GenieRunStatus.Failed, job.Status);
        Assert.Equal(ObservabilityJobStep.Report, job.FailedStep);
        Assert.Contains("does not exist", job.Error, StringComparison.Ordinal);
        Assert.Equal(Messages, job.Ingestion!.Stored);
        Assert.Equal((IngestionRunRecorder.Job, GenieRunStatus.Failed), await JobRowAsync(h));
        Assert.Equal(job.Error, await h.ScalarAsync("SELECT error FROM genie_analytics.genie_ingestion_runs WHERE run_type = 'JOB'"));
        Assert.Contains(log.Warnings, w => w.Contains("ended FAILED in its Report step", StringComparison.Ordinal));

        var failure = ObservabilityJob.Failure(job)!;
        Assert.Equal("GenieObservabilityJobFailed", failure.ErrorId);
        Assert.Equal(GenieErrorCategory.WriteError, failure.Category);
        Assert.StartsWith("The Genie observability job failed in its Report step: ", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refresh_that_fails_stops_the_job_before_any_message_is_fetched()
    {
        await using var h = await StartAsync();

        var job = await new ObservabilityJob(h.Session, () => new DuckDbWarehouse(h.DatabasePath), new RecordingLog()).RunAsync(Plan() with { PipelineId = "no-such-pipeline" }, CancellationToken.None);

        Assert.Equal(GenieRunStatus.Failed, job.Status);
        Assert.Equal(ObservabilityJobStep.Refresh, job.FailedStep);
        Assert.Null(job.Ingestion);
        Assert.Equal(GenieErrorCategory.InvalidOperation, ObservabilityJob.Failure(job)!.Category);
        Assert.Equal(0, await h.CountAsync("SELECT COUNT(*) FROM genie_analytics.message_details"));
        Assert.Equal((IngestionRunRecorder.Job, GenieRunStatus.Failed), await JobRowAsync(h));
    }

    [Fact]
    public async Task Cancellation_is_recorded_CANCELLED_and_rethrown()
    {
        await using var h = await StartAsync();
        using var stop = new CancellationTokenSource();

        // Cancelled as the refresh starts building: the job is stopped mid-way, not before it began.
        var log = new CancellingLog(stop, "refresh (");
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new ObservabilityJob(h.Session, () => new DuckDbWarehouse(h.DatabasePath), log).RunAsync(Plan(), stop.Token));

        Assert.Equal((IngestionRunRecorder.Job, GenieRunStatus.Cancelled), await JobRowAsync(h));
        Assert.Equal("Cancelled by the user.", await h.ScalarAsync("SELECT error FROM genie_analytics.genie_ingestion_runs WHERE run_type = 'JOB'"));
    }

    /// <summary>The harness with <see cref="Messages"/> messages in the emulator and audit rows naming them.</summary>
    private static async Task<IngestionHarness> StartAsync()
    {
        var h = await IngestionHarness.StartAsync();
        var url = h.Emulator.BaseAddress.ToString();
        var lines = new List<string>();
        for (var n = 1; n <= Messages; n++)
        {
            h.SeedMessage(n);
            lines.Add(new AuditEvent(IngestionHarness.WorkspaceId, DateTime.UtcNow.AddMinutes(-10 * n), IngestionHarness.SpaceId, IngestionHarness.ConversationId(n), IngestionHarness.MessageId(n)).ToSystemTableLine(url));
        }

        var file = Path.Combine(Path.GetDirectoryName(h.DatabasePath)!, "audit.jsonl");
        await File.WriteAllLinesAsync(file, lines);
        await new AuditLogImporter(h.Warehouse, new RecordingLog()).ImportAsync([file], new Dictionary<string, string> { [IngestionHarness.WorkspaceId] = url }, _ => { }, CancellationToken.None);
        return h;
    }

    private static ObservabilityJobPlan Plan() => new(
        new RefreshRequest(GeniePipelineMode.Initial, DaysLookback: 1),
        null,
        new MessagesToFetchQuery(),
        new MessageIngestionOptions { ThrottleLimit = 4, BatchSize = 10 });

    private static async Task<List<(string Type, string Status)>> RunsAsync(IngestionHarness h, string orderBy)
    {
        var runs = new List<(string, string)>();
        await foreach (var row in h.Warehouse.QueryAsync($"SELECT run_type, status FROM genie_analytics.genie_ingestion_runs ORDER BY {orderBy}"))
        {
            runs.Add((row.GetString(0)!, row.GetString(1)!));
        }

        return runs;
    }

    private static async Task<(string Type, string Status)> JobRowAsync(IngestionHarness h) =>
        Assert.Single(await RunsAsync(h, "started_at"), r => r.Type == IngestionRunRecorder.Job);

    /// <summary>Cancels <paramref name="stop"/> at the first Verbose line containing <paramref name="marker"/>.</summary>
    private sealed class CancellingLog(CancellationTokenSource stop, string marker) : IOperationLog
    {
        public void Verbose(string message)
        {
            if (message.Contains(marker, StringComparison.Ordinal))
            {
                stop.Cancel();
            }
        }

        public void Debug(string message)
        {
        }

        public void Warning(string message)
        {
        }

        public void Progress(OperationProgress progress)
        {
        }
    }
}

using System.Management.Automation;
using GenieObservability.Commands.Infrastructure;
using GenieObservability.Engine.Ingestion;
using GenieObservability.Engine.Jobs;

namespace GenieObservability.Commands;

/// <summary>
/// The scheduled job in one line: refresh the audit pipeline, read what to fetch (new, retryable and still-pending
/// messages) and import it. Made for runbooks: no prompts, one summary object, and a terminating error only when the
/// job as a whole failed (per-message failures are data in message_fetch_errors).
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "GenieObservabilityJob", SupportsShouldProcess = true)]
[OutputType(typeof(GenieObservabilityJobSummary))]
public sealed class InvokeGenieObservabilityJobCommand : GenieContextCmdlet
{
    [Parameter(Position = 0)]
    public GeniePipelineMode Mode { get; set; } = GeniePipelineMode.Auto;

    [Parameter]
    [ValidateRange(1, 3650)]
    public int DaysLookback { get; set; }

    [Parameter]
    [ValidateRange(1, 525600)]
    public int LookbackMinutes { get; set; }

    [Parameter]
    [ValidateNotNull]
    public string[] WorkspaceId { get; set; } = [];

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? PipelineId { get; set; }

    [Parameter]
    [ValidateRange(MessageIngestionOptions.MinThrottleLimit, MessageIngestionOptions.MaxThrottleLimit)]
    public int ThrottleLimit { get; set; } = MessageIngestionOptions.DefaultThrottleLimit;

    [Parameter]
    [ValidateRange(MessageIngestionOptions.MinBatchSize, MessageIngestionOptions.MaxBatchSize)]
    public int BatchSize { get; set; } = MessageIngestionOptions.DefaultBatchSize;

    [Parameter]
    [ValidateRange(0.01, 100000.0)]
    public double MaxRequestsPerSecond { get; set; }

    [Parameter]
    [ValidateRange(0, 1000)]
    public int MaxRetries { get; set; } = Engine.Pipeline.MessagesToFetchQuery.DefaultMaxRetries;

    [Parameter]
    public TimeSpan PendingMaxAge { get; set; } = Engine.Pipeline.MessagesToFetchQuery.DefaultPendingMaxAge;

    [Parameter]
    public TimeSpan MaxRetryAge { get; set; } = Engine.Pipeline.MessagesToFetchQuery.DefaultMaxRetryAge;

    [Parameter]
    public SwitchParameter SyncSpaces { get; set; }

    /// <summary>Leaves out the query-metrics step (message_query_metrics), which runs by default.</summary>
    [Parameter]
    public SwitchParameter SkipQueryMetrics { get; set; }

    /// <summary>Syncs every space of each workspace (list API), idle ones too; implies -SyncSpaces.</summary>
    [Parameter]
    public SwitchParameter AllSpaces { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ReportPath { get; set; }

    [Parameter]
    [ValidateRange(1, Engine.Analytics.AnalyticsWindow.MaxDays)]
    public int ReportDays { get; set; } = Engine.Report.ReportRequest.DefaultDays;

    protected override void EndProcessing()
    {
        if (PendingMaxAge <= TimeSpan.Zero)
        {
            Fail("-PendingMaxAge must be positive, e.g. (New-TimeSpan -Hours 24).", "InvalidPendingMaxAge", ErrorCategory.InvalidArgument, PendingMaxAge);
        }

        if (MaxRetryAge <= TimeSpan.Zero)
        {
            Fail("-MaxRetryAge must be positive, e.g. (New-TimeSpan -Days 30).", "InvalidMaxRetryAge", ErrorCategory.InvalidArgument, MaxRetryAge);
        }

        Engine.Report.ReportRequest? report = null;
        if (ReportPath is not null)
        {
            report = new Engine.Report.ReportRequest(GetUnresolvedProviderPathFromPSPath(ReportPath), ReportDays);
            try
            {
                Engine.Report.ObservabilityReportBuilder.CheckPath(report);
            }
            catch (GenieObservabilityException ex)
            {
                Fail(ex, ReportPath);
            }
        }

        var session = RequireWorkspace();
        var pipelineId = PipelineId ?? ResolveContext().PipelineId;
        var context = ResolveContext();
        var target = pipelineId is not null ? $"pipeline {pipelineId}"
            : context.WarehouseKind == nameof(Engine.Warehouse.WarehouseKind.DuckDb) ? "the embedded warehouse"
            : $"the pipeline installed for {context.Catalog}.{context.Schema}";
        if (!ShouldProcess(target, $"{Mode} refresh of the audit tables, then fetch and store the Genie messages it names"
            + (SkipQueryMetrics ? string.Empty : ", then look up their SQL statements' query metrics into message_query_metrics")
            + (SyncSpaces || AllSpaces ? $", then sync {(AllSpaces ? "every space's" : "the spaces'")} configuration into genie_space_details" : string.Empty)
            + (report is null ? string.Empty : $", then write the report {report.Path}")))
        {
            return;
        }

        var workspaceIds = WorkspaceId.Select(w => w.Trim()).Where(w => w.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        var plan = new ObservabilityJobPlan(
            new Engine.Pipeline.RefreshRequest(
                Mode,
                MyInvocation.BoundParameters.ContainsKey(nameof(DaysLookback)) ? DaysLookback : null,
                MyInvocation.BoundParameters.ContainsKey(nameof(LookbackMinutes)) ? LookbackMinutes : null,
                null,
                workspaceIds),
            pipelineId,
            new Engine.Pipeline.MessagesToFetchQuery { WorkspaceIds = WorkspaceId, MaxRetries = MaxRetries, MaxRetryAge = MaxRetryAge, PendingMaxAge = PendingMaxAge },
            new MessageIngestionOptions
            {
                ThrottleLimit = ThrottleLimit,
                BatchSize = BatchSize,
                MaxRequestsPerSecond = MyInvocation.BoundParameters.ContainsKey(nameof(MaxRequestsPerSecond)) ? MaxRequestsPerSecond : null,
            },
            SyncSpaces || AllSpaces ? SpaceSyncSettings.ForJob(workspaceIds.Count > 0 ? workspaceIds : null, ThrottleLimit, AllSpaces) : null,
            report,
            SkipQueryMetrics ? null : new Engine.QueryMetrics.QueryMetricsOptions { WorkspaceIds = workspaceIds });
        var job = new ObservabilityJob(session, WarehouseOpener(), Log);
        var summary = Run(token => job.RunAsync(plan, token));
        WriteObject(summary);
        if (ObservabilityJob.Failure(summary) is { } failure)
        {
            ThrowTerminatingError(ErrorRecords.From(failure, summary));
        }
    }
}

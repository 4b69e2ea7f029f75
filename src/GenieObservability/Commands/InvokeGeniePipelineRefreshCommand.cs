using System.Management.Automation;
using GenieObservability.Commands.Infrastructure;

namespace GenieObservability.Commands;

/// <summary>
/// Rebuilds bronze, silver, gold and validation from the audit log for a window the mode chooses: on Databricks through
/// the SDP pipeline (-PipelineId or the context's), else on the embedded DuckDB warehouse.
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "GeniePipelineRefresh", SupportsShouldProcess = true)]
[OutputType(typeof(GeniePipelineRun))]
public sealed class InvokeGeniePipelineRefreshCommand : GenieContextCmdlet
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
    public TimeSpan Overlap { get; set; } = Engine.Pipeline.LoadModePlanner.DefaultOverlap;

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? PipelineId { get; set; }

    [Parameter]
    public TimeSpan PollInterval { get; set; } = Engine.Pipeline.DatabricksPipelineEngine.DefaultPollInterval;

    protected override void EndProcessing()
    {
        var context = ResolveContext();
        var pipelineId = PipelineId ?? context.PipelineId;
        if (PollInterval < TimeSpan.FromMilliseconds(10) || PollInterval > TimeSpan.FromMinutes(10))
        {
            Fail("-PollInterval must be between 10 milliseconds and 10 minutes.", "InvalidPollInterval", ErrorCategory.InvalidArgument, PollInterval);
        }

        var workspaceIds = WorkspaceId.Select(w => w.Trim()).Where(w => w.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (workspaceIds.Any(w => w.Contains(',', StringComparison.Ordinal)))
        {
            Fail("-WorkspaceId takes one id per element (no commas).", "InvalidWorkspaceId", ErrorCategory.InvalidArgument, WorkspaceId);
        }

        var request = new Engine.Pipeline.RefreshRequest(
            Mode,
            MyInvocation.BoundParameters.ContainsKey(nameof(DaysLookback)) ? DaysLookback : null,
            MyInvocation.BoundParameters.ContainsKey(nameof(LookbackMinutes)) ? LookbackMinutes : null,
            Overlap,
            workspaceIds);
        var session = pipelineId is null ? null : RequireWorkspace();
        var target = pipelineId is null ? "the embedded warehouse" : $"pipeline {pipelineId}";
        if (!ShouldProcess(target, $"{Mode} refresh of the audit tables"))
        {
            return;
        }

        var outcome = Run(async cancellationToken =>
        {
            var warehouse = OpenPipelineWarehouse();
            await using (warehouse.ConfigureAwait(false))
            {
                if (pipelineId is null)
                {
                    Engine.Pipeline.EmbeddedPipelineEngine.RequireEmbedded(warehouse);
                }

                // The run history (the Auto watermark) lives with the persisted tables.
                await Engine.Warehouse.ObservabilitySchema.InstallAsync(warehouse, _ => true, cancellationToken).ConfigureAwait(false);
                Engine.Pipeline.IPipelineEngine engine = pipelineId is null
                    ? new Engine.Pipeline.EmbeddedPipelineEngine(warehouse)
                    : new Engine.Pipeline.DatabricksPipelineEngine(session!.Api(null, Log), pipelineId, warehouse, PollInterval);
                var refresher = new Engine.Pipeline.PipelineRefresher(new Engine.Pipeline.PipelineRunStore(warehouse), engine);
                return await refresher.RefreshAsync(request, Log, cancellationToken).ConfigureAwait(false);
            }
        });

        if (outcome.Failure is { } failure)
        {
            // The run is recorded as FAILED; stop the pipeline so nothing downstream reads half-built tables.
            ThrowTerminatingError(ErrorRecords.From(failure, outcome.Run));
        }

        WriteObject(outcome.Run);
    }
}

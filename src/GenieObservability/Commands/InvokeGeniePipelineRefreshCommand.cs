using System.Management.Automation;
using GenieObservability.Commands.Infrastructure;

namespace GenieObservability.Commands;

/// <summary>
/// Rebuilds bronze, silver, gold and validation from the audit log for a window the mode chooses: on Databricks through
/// the SDP pipeline (-PipelineId, the context's, or the one installed for the connected warehouse's schema), else on
/// the embedded DuckDB warehouse.
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
        // Without an id, a Databricks warehouse runs the pipeline installed for its catalog.schema (found by name).
        var session = pipelineId is null ? ContextSessions().Workspace : RequireWorkspace();
        var target = pipelineId is not null ? $"pipeline {pipelineId}"
            : context.WarehouseKind == nameof(Engine.Warehouse.WarehouseKind.DuckDb) ? "the embedded warehouse"
            : $"the pipeline installed for {context.Catalog}.{context.Schema}";
        if (!ShouldProcess(target, $"{Mode} refresh of the audit tables"))
        {
            return;
        }

        var outcome = WithWarehouse(target, async (warehouse, cancellationToken) =>
        {
            var refresher = await Engine.Pipeline.PipelineRefresher.CreateAsync(warehouse, pipelineId, session, PollInterval, Log, cancellationToken).ConfigureAwait(false);
            return await refresher.RefreshAsync(request, Log, cancellationToken).ConfigureAwait(false);
        });

        if (outcome.Failure is { } failure)
        {
            // The run is recorded as FAILED; stop the pipeline so nothing downstream reads half-built tables.
            ThrowTerminatingError(ErrorRecords.From(failure, outcome.Run));
        }

        WriteObject(outcome.Run);
    }
}

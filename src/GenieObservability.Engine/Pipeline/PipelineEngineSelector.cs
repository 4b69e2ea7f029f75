using GenieObservability.Engine.Warehouse;

namespace GenieObservability.Engine.Pipeline;

/// <summary>
/// Chooses where a refresh runs. A pipeline id (given, or remembered by this session's Install-GeniePipeline) runs
/// the Databricks pipeline. Without one, a Databricks SQL warehouse with a connected workspace runs the pipeline
/// installed for the warehouse's catalog.schema, found by its default name, so a runbook in a new process needs no id.
/// Otherwise the embedded engine runs on the DuckDB warehouse.
/// </summary>
public static class PipelineEngineSelector
{
    public static async Task<IPipelineEngine> SelectAsync(IWarehouse warehouse, string? pipelineId, WorkspaceSession? workspace, TimeSpan pollInterval, IOperationLog log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(warehouse);
        ArgumentNullException.ThrowIfNull(log);
        if (pipelineId is null && warehouse.Dialect == SqlDialect.Databricks && workspace is not null)
        {
            var name = InstalledPipeline.DefaultName(warehouse.Tables.Catalog, warehouse.Tables.Schema);
            pipelineId = await InstalledPipeline.FindIdAsync(new PipelinesApi(workspace.Api(null, log)), name, cancellationToken).ConfigureAwait(false)
                ?? throw new GenieObservabilityException(
                    $"No pipeline id was given and {workspace.Host} has no pipeline named '{name}' for {warehouse.Tables.SchemaName}: install it with Install-GeniePipeline, or pass -PipelineId.",
                    "PipelineNotInstalled",
                    GenieErrorCategory.ObjectNotFound);
            log.Verbose($"Using pipeline {pipelineId} ('{name}'), installed for {warehouse.Tables.SchemaName}.");
        }

        if (pipelineId is null)
        {
            EmbeddedPipelineEngine.RequireEmbedded(warehouse);
            return new EmbeddedPipelineEngine(warehouse);
        }

        if (workspace is null)
        {
            throw new GenieObservabilityException("Not connected to a Databricks workspace: run Connect-GenieWorkspace first, then refresh the pipeline.", "NotConnected", GenieErrorCategory.ConnectionError);
        }

        return new DatabricksPipelineEngine(workspace.Api(null, log), pipelineId, warehouse, pollInterval);
    }
}

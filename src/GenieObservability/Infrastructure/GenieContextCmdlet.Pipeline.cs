namespace GenieObservability.Commands.Infrastructure;

/// <summary>The warehouse the audit pipeline cmdlets read and write.</summary>
public abstract partial class GenieContextCmdlet
{
    /// <summary>
    /// The connected warehouse, else the embedded DuckDB default; the caller disposes it (closing the file).
    /// Any failure to open becomes a terminating error that says what to fix.
    /// </summary>
    internal Engine.Warehouse.IWarehouse OpenPipelineWarehouse()
    {
        var context = ResolveContext();
        try
        {
            var settings = context.WarehouseSession as Engine.Warehouse.WarehouseSettings ?? Engine.Warehouse.WarehouseSettings.DuckDb();
            return settings.Open(context.WorkspaceSession as Engine.WorkspaceSession, Log);
        }
        catch (GenieObservabilityException ex)
        {
            Fail(ex, context);
            throw;
        }
    }
}

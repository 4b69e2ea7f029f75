namespace GenieObservability.Commands.Infrastructure;

/// <summary>Opens the warehouse of the resolved context for one operation.</summary>
public abstract partial class GenieContextCmdlet
{
    /// <summary>The connected warehouse, else the embedded DuckDB default; the caller disposes it (closing the file).</summary>
    internal Engine.Warehouse.IWarehouse OpenWarehouse()
    {
        var context = ResolveContext();
        var settings = context.WarehouseSession as Engine.Warehouse.WarehouseSettings ?? Engine.Warehouse.WarehouseSettings.DuckDb();
        return settings.Open(context.WorkspaceSession as Engine.WorkspaceSession, Log);
    }
}

namespace GenieObservability.Commands.Infrastructure;

/// <summary>Opens the warehouse of the resolved context for one operation.</summary>
public abstract partial class GenieContextCmdlet
{
    /// <summary>The connected warehouse, else the embedded DuckDB default; the caller disposes it (closing the file).</summary>
    internal Engine.Warehouse.IWarehouse OpenWarehouse() => WarehouseOpener()();

    /// <summary>
    /// Resolves the context now (on the pipeline thread: the current context is per runspace) and returns a function
    /// that opens its warehouse from any thread, for work that opens and closes the warehouse more than once.
    /// </summary>
    internal Func<Engine.Warehouse.IWarehouse> WarehouseOpener()
    {
        var context = ResolveContext();
        var settings = context.WarehouseSession as Engine.Warehouse.WarehouseSettings ?? Engine.Warehouse.WarehouseSettings.DuckDb();
        var workspace = context.WorkspaceSession as Engine.WorkspaceSession;
        var log = Log;
        return () => settings.Open(workspace, log);
    }
}

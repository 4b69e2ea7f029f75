namespace GenieObservability.Commands.Infrastructure;

/// <summary>Warehouse access for work that opens and closes the warehouse several times from worker threads (the job).</summary>
public abstract partial class GenieContextCmdlet
{
    /// <summary>
    /// Resolves the context now, on the pipeline thread (the current context is per runspace, which a worker thread does
    /// not have), and returns a function that opens its warehouse from any thread.
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

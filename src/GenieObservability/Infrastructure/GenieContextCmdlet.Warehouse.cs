using GenieObservability.Engine.Warehouse;

namespace GenieObservability.Commands.Infrastructure;

/// <summary>The warehouse part of context resolution, shared by every cmdlet that reads or writes tables.</summary>
public abstract partial class GenieContextCmdlet
{
    /// <summary>
    /// Opens <paramref name="settings"/>, else the resolved context's warehouse: what Connect-GenieWarehouse stored, else the embedded DuckDB file in the
    /// per-user data folder. The caller disposes it (which closes a DuckDB file for other processes). Call it on the
    /// pipeline thread (before Run): the runspace's current context is not visible from worker threads.
    /// </summary>
    internal IWarehouse OpenWarehouse(WarehouseSettings? settings = null)
    {
        var context = ResolveContext();
        settings ??= context.WarehouseSession as WarehouseSettings ?? WarehouseSettings.DuckDb();
        return settings.Open(context.WorkspaceSession as Engine.WorkspaceSession, Log);
    }
}

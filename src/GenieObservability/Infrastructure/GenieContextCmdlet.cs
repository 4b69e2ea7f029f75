using System.Management.Automation;

namespace GenieObservability.Commands.Infrastructure;

/// <summary>
/// Base of cmdlets that work on a workspace or warehouse: adds -Context and resolves it, on the pipeline thread (the
/// runspace's current context is thread-bound). The workspace side is in GenieContextCmdlet.Workspace.cs, the warehouse
/// side in GenieContextCmdlet.Warehouse.cs.
/// </summary>
public abstract partial class GenieContextCmdlet : GenieCmdlet
{
    /// <summary>The connection to use instead of the runspace's current one (from Connect-GenieWorkspace -PassThru).</summary>
    [Parameter]
    [ValidateNotNull]
    public GenieContext? Context { get; set; }

    private GenieContext? _resolved;

    /// <summary>
    /// The explicit -Context, else the runspace's current one, else a fresh default (embedded warehouse, no workspace).
    /// Resolved once on the pipeline thread: a worker inside Run would not see the runspace's current context.
    /// </summary>
    internal GenieContext ResolveContext()
    {
        if (_resolved is null && !IsPipelineThread)
        {
            throw new InvalidOperationException("The context is resolved on the pipeline thread, before Run: a worker does not see the runspace's current context.");
        }

        return _resolved ??= Context ?? ContextStore.Current ?? new GenieContext();
    }

    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        _resolved = Context ?? ContextStore.Current;
    }

    /// <summary>
    /// The engine objects the resolved context holds behind its Contracts interfaces (Contracts cannot name engine
    /// types): these are the only casts back. The workspace session is null when none is connected; the warehouse
    /// settings are the embedded DuckDB default when none was connected.
    /// </summary>
    internal (Engine.WorkspaceSession? Workspace, Engine.Warehouse.WarehouseSettings Warehouse) ContextSessions()
    {
        var context = ResolveContext();
        return ((Engine.WorkspaceSession?)context.WorkspaceSession, (Engine.Warehouse.WarehouseSettings?)context.WarehouseSession ?? Engine.Warehouse.WarehouseSettings.DuckDb());
    }
}

using System.Management.Automation;

namespace GenieObservability.Commands.Infrastructure;

/// <summary>Base of cmdlets that work on a workspace or warehouse: adds -Context and resolves it.</summary>
public abstract partial class GenieContextCmdlet : GenieCmdlet
{
    /// <summary>The connection to use instead of the runspace's current one (from Connect-GenieWorkspace -PassThru).</summary>
    [Parameter]
    [ValidateNotNull]
    public GenieContext? Context { get; set; }

    private GenieContext? _resolved;

    /// <summary>
    /// The explicit -Context, else the runspace's current one, else a fresh default (embedded warehouse, no workspace).
    /// Resolved once on the pipeline thread: the current runspace is thread-bound, so a worker inside Run would not see it.
    /// </summary>
    internal GenieContext ResolveContext() => _resolved ??= Context ?? ContextStore.Current ?? new GenieContext();

    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        _resolved = Context ?? ContextStore.Current;
    }

    /// <summary>The workspace session of the resolved context; a terminating error that says what to do when there is none.</summary>
    internal Engine.WorkspaceSession RequireWorkspace()
    {
        if (ResolveContext().WorkspaceSession is Engine.WorkspaceSession session)
        {
            return session;
        }

        Fail("Not connected to a Databricks workspace. Run Connect-GenieWorkspace first, or pass -Context.", "NotConnected", ErrorCategory.ConnectionError);
        throw new InvalidOperationException("unreachable");
    }
}

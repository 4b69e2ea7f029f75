using System.Management.Automation;

namespace GenieObservability.Commands.Infrastructure;

/// <summary>Base of cmdlets that work on a workspace or warehouse: adds -Context and resolves it.</summary>
public abstract partial class GenieContextCmdlet : GenieCmdlet
{
    /// <summary>The connection to use instead of the runspace's current one (from Connect-GenieWorkspace -PassThru).</summary>
    [Parameter]
    [ValidateNotNull]
    public GenieContext? Context { get; set; }

    /// <summary>The explicit -Context, else the runspace's current one, else a fresh default (embedded warehouse, no workspace).</summary>
    internal GenieContext ResolveContext() => Context ?? ContextStore.Current ?? new GenieContext();

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

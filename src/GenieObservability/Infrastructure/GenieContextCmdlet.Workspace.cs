using System.Management.Automation;

namespace GenieObservability.Commands.Infrastructure;

/// <summary>The workspace part of context resolution: the session and the Genie API of a workspace.</summary>
public abstract partial class GenieContextCmdlet
{
    /// <summary>The workspace session of the resolved context; a terminating error that says what to do when there is none.</summary>
    internal Engine.WorkspaceSession RequireWorkspace()
    {
        if (ContextSessions().Workspace is { } session)
        {
            return session;
        }

        Fail("Not connected to a Databricks workspace. Run Connect-GenieWorkspace first, or pass -Context.", "NotConnected", ErrorCategory.ConnectionError);
        throw new InvalidOperationException("unreachable");
    }

    /// <summary>
    /// The Genie API of <paramref name="workspace"/> (the connected workspace when null) through the connection's
    /// credential, reporting retries to this cmdlet's Verbose/Debug streams.
    /// </summary>
    internal Engine.Genie.IGenieClient RequireGenie(Uri? workspace)
    {
        var session = RequireWorkspace();
        try
        {
            return session.Genie(workspace, Log);
        }
        catch (GenieObservabilityException ex)
        {
            Fail(ex, workspace);
            throw;
        }
    }
}

namespace GenieObservability.Commands.Infrastructure;

/// <summary>Resolves the Genie API for cmdlets that read or write Genie objects.</summary>
public abstract partial class GenieContextCmdlet
{
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

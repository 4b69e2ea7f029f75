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
        try
        {
            return OpenWarehouse();
        }
        catch (GenieObservabilityException ex)
        {
            Fail(ex, ResolveContext());
            throw;
        }
    }
}

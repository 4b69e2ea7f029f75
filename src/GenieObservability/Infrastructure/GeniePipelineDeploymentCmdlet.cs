using System.Management.Automation;
using GenieObservability.Engine.Deployment;
using GenieObservability.Engine.Warehouse;

namespace GenieObservability.Commands.Infrastructure;

/// <summary>
/// Base of Install-GeniePipeline and Uninstall-GeniePipeline: the parameters that name an installation (catalog and
/// schema, default the context's; name; workspace folder) and the run that turns them into a checked request.
/// </summary>
public abstract class GeniePipelineDeploymentCmdlet : GenieContextCmdlet
{
    /// <summary>The catalog the pipeline writes; default: the connected warehouse's.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Catalog { get; set; }

    /// <summary>The schema the pipeline writes; default: the connected warehouse's.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Schema { get; set; }

    /// <summary>The pipeline's name; default: "Genie Observability (catalog.schema)", which later sessions look up.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Name { get; set; }

    /// <summary>The workspace folder of the pipeline's file; default: GenieObservability in the caller's home folder.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Path { get; set; }

    /// <summary>
    /// Builds the request from the parameters (a bad value fails here, before any request), opens the connected
    /// warehouse when it is a Databricks one and <paramref name="withWarehouse"/>, runs <paramref name="body"/> and
    /// marks the result as -WhatIf when it is. Failures are terminating errors.
    /// </summary>
    internal GeniePipelineInstallation RunDeployment(
        IEnumerable<string> workspaceIds,
        bool withWarehouse,
        Func<PipelineInstallRequest, IWarehouse?, CancellationToken, Task<GeniePipelineInstallation>> body)
    {
        var context = ResolveContext();
        PipelineInstallRequest request;
        try
        {
            request = new PipelineInstallRequest(Catalog ?? context.Catalog, Schema ?? context.Schema, workspaceIds, Name, Path);
        }
        catch (GenieObservabilityException ex)
        {
            Fail(ex, Name ?? Path);
            throw;
        }

        // The tables go where the pipeline writes, through the connected warehouse when it is a Databricks one.
        var settings = withWarehouse ? ContextSessions().Warehouse : null;
        if (settings is { Dialect: SqlDialect.Databricks }
            && (!string.Equals(settings.Catalog, request.Catalog, StringComparison.OrdinalIgnoreCase) || !string.Equals(settings.Schema, request.Schema, StringComparison.OrdinalIgnoreCase)))
        {
            WriteWarning($"The pipeline writes {request.Catalog}.{request.Schema}, but the connected warehouse reads {settings.Catalog}.{settings.Schema}: the module's other cmdlets will not see its tables until you run Connect-GenieWarehouse -WarehouseId <id> -Catalog {request.Catalog} -Schema {request.Schema}.");
            settings = settings.ForSchema(request.Catalog, request.Schema);
        }

        GeniePipelineInstallation result;
        if (settings is { Dialect: SqlDialect.Databricks })
        {
            result = WithWarehouse(request.Name, (warehouse, token) => body(request, warehouse, token), settings);
        }
        else
        {
            try
            {
                result = Run(token => body(request, null, token));
            }
            catch (GenieObservabilityException ex)
            {
                Fail(ex, request.Name);
                throw;
            }
        }

        result.WhatIf = IsWhatIf;
        return result;
    }

    private bool IsWhatIf =>
        (MyInvocation.BoundParameters.TryGetValue("WhatIf", out var bound) && LanguagePrimitives.IsTrue(bound))
        || (!MyInvocation.BoundParameters.ContainsKey("WhatIf") && LanguagePrimitives.IsTrue(GetVariableValue("WhatIfPreference", false)));
}

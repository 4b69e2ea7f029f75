using System.Management.Automation;
using GenieObservability.Engine.Deployment;
using GenieObservability.Engine.Warehouse;

namespace GenieObservability.Commands.Infrastructure;

/// <summary>What Install-GeniePipeline and Uninstall-GeniePipeline share: the request, the warehouse, the run.</summary>
public abstract partial class GenieContextCmdlet
{
    /// <summary>
    /// Builds the request from the parameters (catalog and schema default to the context's; a bad value fails here,
    /// before any request), opens the connected warehouse when it is a Databricks one and <paramref name="withWarehouse"/>,
    /// runs <paramref name="body"/> and marks the result as -WhatIf when it is. Failures are terminating errors.
    /// </summary>
    internal GeniePipelineInstallation RunDeployment(
        string? catalog,
        string? schema,
        IEnumerable<string> workspaceIds,
        string? name,
        string? folder,
        bool withWarehouse,
        Func<PipelineInstallRequest, IWarehouse?, CancellationToken, Task<GeniePipelineInstallation>> body)
    {
        var context = ResolveContext();
        PipelineInstallRequest request;
        try
        {
            request = new PipelineInstallRequest(catalog ?? context.Catalog, schema ?? context.Schema, workspaceIds, name, folder);
        }
        catch (GenieObservabilityException ex)
        {
            Fail(ex, name ?? folder);
            throw;
        }

        var warehouse = withWarehouse && context.WarehouseSession is WarehouseSettings { Dialect: SqlDialect.Databricks } ? OpenPipelineWarehouse() : null;
        try
        {
            var result = Run(async token =>
            {
                try
                {
                    return await body(request, warehouse, token).ConfigureAwait(false);
                }
                finally
                {
                    if (warehouse is not null)
                    {
                        await warehouse.DisposeAsync().ConfigureAwait(false);
                    }
                }
            });
            result.WhatIf = IsWhatIf;
            return result;
        }
        catch (GenieObservabilityException ex)
        {
            Fail(ex, request.Name);
            throw;
        }
    }

    private bool IsWhatIf =>
        (MyInvocation.BoundParameters.TryGetValue("WhatIf", out var bound) && LanguagePrimitives.IsTrue(bound))
        || (!MyInvocation.BoundParameters.ContainsKey("WhatIf") && LanguagePrimitives.IsTrue(GetVariableValue("WhatIfPreference", false)));
}

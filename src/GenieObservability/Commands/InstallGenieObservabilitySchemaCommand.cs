using System.Management.Automation;
using GenieObservability.Commands.Infrastructure;
using GenieObservability.Engine.Schema;
using GenieObservability.Engine.Warehouse;

namespace GenieObservability.Commands;

/// <summary>Creates the schema and the persisted tables in the connected warehouse; only what is missing.</summary>
[Cmdlet(VerbsLifecycle.Install, "GenieObservabilitySchema", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(GenieSchemaObject))]
public sealed class InstallGenieObservabilitySchemaCommand : GenieContextCmdlet
{
    protected override void EndProcessing()
    {
        WithWarehouse("schema", async (warehouse, token) =>
        {
            var results = await ObservabilitySchema.InstallAsync(
                warehouse,
                candidate => AskShouldProcess(candidate.Ddl, $"Create {candidate.ObjectType.ToLowerInvariant()} {candidate.Name}"),
                token).ConfigureAwait(false);
            foreach (var result in results)
            {
                Emit(new GenieSchemaObject
                {
                    Name = result.Name,
                    ObjectType = result.ObjectType,
                    Status = result.Status.ToString(),
                    WarehouseKind = warehouse.Kind.ToString(),
                    Ddl = result.Ddl,
                    RowsChanged = result.RowsChanged,
                });
            }
        });
    }
}

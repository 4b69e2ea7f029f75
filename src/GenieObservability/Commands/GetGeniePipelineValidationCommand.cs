using System.Management.Automation;
using GenieObservability.Commands.Infrastructure;

namespace GenieObservability.Commands;

/// <summary>Reads the one row of genie_pipeline_validation: the last refresh's window, row counts and dropped rows.</summary>
[Cmdlet(VerbsCommon.Get, "GeniePipelineValidation")]
[OutputType(typeof(GeniePipelineValidation))]
public sealed class GetGeniePipelineValidationCommand : GenieContextCmdlet
{
    protected override void EndProcessing()
    {
        var validation = Run(async cancellationToken =>
        {
            var warehouse = OpenPipelineWarehouse();
            await using (warehouse.ConfigureAwait(false))
            {
                return await new Engine.Pipeline.PipelineTablesReader(warehouse).ValidationAsync(Log, cancellationToken).ConfigureAwait(false);
            }
        });

        if (validation is not null)
        {
            WriteObject(validation);
        }
    }
}

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
        var validation = WithWarehouse("genie_pipeline_validation", (warehouse, cancellationToken) => new Engine.Pipeline.PipelineTablesReader(warehouse).ValidationAsync(Log, cancellationToken));

        if (validation is not null)
        {
            WriteObject(validation);
        }
    }
}

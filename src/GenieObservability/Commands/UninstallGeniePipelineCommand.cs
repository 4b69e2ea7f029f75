using System.Management.Automation;
using GenieObservability.Commands.Infrastructure;

namespace GenieObservability.Commands;

/// <summary>
/// Removes the audit pipeline Install-GeniePipeline made: deletes the pipeline (keeping the materialized views it
/// built) and its workspace file. Never drops a table. Asks for confirmation unless -Confirm:$false.
/// </summary>
[Cmdlet(VerbsLifecycle.Uninstall, "GeniePipeline", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(GeniePipelineInstallation))]
public sealed class UninstallGeniePipelineCommand : GeniePipelineDeploymentCmdlet
{
    /// <summary>Removes this pipeline instead of the one found by name.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? PipelineId { get; set; }

    protected override void EndProcessing()
    {
        var session = RequireWorkspace();
        var removal = RunDeployment([], withWarehouse: false, (request, _, token) =>
            new Engine.Deployment.PipelineUninstaller(session.Api(null, Log), Log).UninstallAsync(request, PipelineId, AskShouldProcess, token));
        var context = ResolveContext();
        if (removal.Changes.Any(c => c.Resource == "Pipeline" && c.Applied) && context.PipelineId == removal.PipelineId)
        {
            context.PipelineId = null;
        }

        WriteObject(removal);
    }
}

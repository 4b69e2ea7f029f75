using System.Management.Automation;
using GenieObservability.Commands.Infrastructure;

namespace GenieObservability.Commands;

/// <summary>
/// Removes the audit pipeline Install-GeniePipeline made: deletes the pipeline (keeping the materialized views it
/// built) and its workspace file. Never drops a table. Asks for confirmation unless -Confirm:$false.
/// </summary>
[Cmdlet(VerbsLifecycle.Uninstall, "GeniePipeline", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(GeniePipelineInstallation))]
public sealed class UninstallGeniePipelineCommand : GenieContextCmdlet
{
    /// <summary>The catalog whose pipeline is removed (it names the default pipeline); default: the connected warehouse's.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Catalog { get; set; }

    /// <summary>The schema whose pipeline is removed (it names the default pipeline); default: the connected warehouse's.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Schema { get; set; }

    /// <summary>The pipeline's name, when it was installed with -Name.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Name { get; set; }

    /// <summary>Removes this pipeline instead of the one found by name.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? PipelineId { get; set; }

    /// <summary>The folder of the pipeline's file, when the pipeline is gone and it was installed with -Path.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Path { get; set; }

    protected override void EndProcessing()
    {
        var session = RequireWorkspace();
        var removal = RunDeployment(Catalog, Schema, [], Name, Path, withWarehouse: false, (request, _, token) =>
            new Engine.Deployment.PipelineUninstaller(session.Api(null, Log), Log).UninstallAsync(request, PipelineId, AskShouldProcess, token));
        var context = ResolveContext();
        if (removal.Changes.Any(c => c.Resource == "Pipeline" && c.Applied) && context.PipelineId == removal.PipelineId)
        {
            context.PipelineId = null;
        }

        WriteObject(removal);
    }
}

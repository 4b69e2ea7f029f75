using System.Management.Automation;
using GenieObservability.Commands.Infrastructure;

namespace GenieObservability.Commands;

/// <summary>
/// Installs the audit pipeline in the connected workspace: uploads the module's sql/pipeline.sql, creates the schema
/// and tables through a connected Databricks SQL warehouse when they are missing, and creates or updates the
/// serverless SDP pipeline. Idempotent; -WhatIf reads only. Remembers the pipeline in the context for later refreshes.
/// </summary>
[Cmdlet(VerbsLifecycle.Install, "GeniePipeline", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(GeniePipelineInstallation))]
public sealed class InstallGeniePipelineCommand : GeniePipelineDeploymentCmdlet
{
    /// <summary>The workspaces whose audit events the pipeline reads; none means every workspace in the audit log.</summary>
    [Parameter]
    [ValidateNotNull]
    public string[] WorkspaceId { get; set; } = [];

    protected override void EndProcessing()
    {
        var session = RequireWorkspace();
        var installation = RunDeployment(WorkspaceId, withWarehouse: true, (request, warehouse, token) =>
            new Engine.Deployment.PipelineInstaller(session.Api(null, Log), warehouse, Log).InstallAsync(request, AskShouldProcess, token));
        if (!installation.WhatIf && installation.PipelineId is not null)
        {
            ResolveContext().PipelineId = installation.PipelineId;
        }

        WriteObject(installation);
    }
}

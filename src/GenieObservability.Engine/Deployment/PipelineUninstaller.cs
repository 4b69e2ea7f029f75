using System.Text.Json.Nodes;
using GenieObservability.Engine.Http;
using GenieObservability.Engine.Pipeline;
using GenieObservability.Engine.Workspace;

namespace GenieObservability.Engine.Deployment;

/// <summary>
/// Removes what Install-GeniePipeline made: the pipeline (deleted with cascade=false, so the materialized views it
/// built stay readable) and its workspace file. Never a table: the schema, the persisted tables and the pipeline's
/// views all stay. The folder stays too (it may hold other things). Writes go through <c>shouldProcess</c>.
/// </summary>
public sealed class PipelineUninstaller(DatabricksApiClient api, IOperationLog log)
{
    private readonly PipelinesApi _pipelines = new(api);
    private readonly WorkspaceObjects _workspace = new(api);

    /// <param name="request">Names the pipeline and, when it cannot be found, the folder of the file.</param>
    /// <param name="pipelineId">A pipeline to remove by id instead of by name.</param>
    public async Task<GeniePipelineInstallation> UninstallAsync(PipelineInstallRequest request, string? pipelineId, Func<string, string, bool> shouldProcess, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(shouldProcess);
        var changes = new List<GenieDeploymentChange>();
        pipelineId ??= await InstalledPipeline.FindIdAsync(_pipelines, request.Name, cancellationToken).ConfigureAwait(false);
        var pipeline = pipelineId is null ? null : await _pipelines.GetAsync(pipelineId, cancellationToken).ConfigureAwait(false);
        var name = pipeline?.Name ?? request.Name;

        var filePath = pipeline is null ? null : FileLibraries(pipeline.Spec).FirstOrDefault();
        filePath ??= (request.Folder ?? PipelineInstallRequest.DefaultFolder(await CurrentUser.UserNameAsync(api, cancellationToken).ConfigureAwait(false))) + "/" + PipelineSource.FileName;

        if (pipeline is null)
        {
            changes.Add(new GenieDeploymentChange { Resource = "Pipeline", Target = name, Action = GenieDeploymentAction.Unchanged, Detail = "not installed" });
        }
        else
        {
            var change = new GenieDeploymentChange { Resource = "Pipeline", Target = name, Action = GenieDeploymentAction.Delete, Detail = $"pipeline {pipeline.Id}; its materialized views are kept" };
            changes.Add(change);
            if (shouldProcess($"{name} ({pipeline.Id})", "Delete the pipeline (its materialized views and the product's tables are kept)"))
            {
                await _pipelines.DeleteAsync(pipeline.Id, cascade: false, cancellationToken).ConfigureAwait(false);
                change.Applied = true;
                log.Verbose($"Deleted pipeline {pipeline.Id} ('{name}') with cascade=false.");
            }
        }

        var file = await _workspace.GetStatusAsync(filePath, cancellationToken).ConfigureAwait(false);
        if (file is { IsFile: true })
        {
            var change = new GenieDeploymentChange { Resource = "File", Target = filePath, Action = GenieDeploymentAction.Delete, Detail = "the uploaded sql/pipeline.sql" };
            changes.Add(change);
            if (shouldProcess(filePath, "Delete the pipeline's workspace file"))
            {
                await _workspace.DeleteAsync(filePath, recursive: false, cancellationToken).ConfigureAwait(false);
                change.Applied = true;
            }
        }
        else
        {
            changes.Add(new GenieDeploymentChange { Resource = "File", Target = filePath, Action = GenieDeploymentAction.Unchanged, Detail = file is null ? "not found" : $"a {file.ObjectType}, not the pipeline's file: left alone" });
        }

        var catalog = (string?)pipeline?.Spec["catalog"] ?? request.Catalog;
        var schema = (string?)pipeline?.Spec["schema"] ?? (string?)pipeline?.Spec["target"] ?? request.Schema;
        changes.Add(new GenieDeploymentChange { Resource = "Schema", Target = $"{catalog}.{schema}", Action = GenieDeploymentAction.Unchanged, Detail = "kept with every table: uninstalling never drops data" });

        return new GeniePipelineInstallation
        {
            Operation = "Uninstall",
            Name = name,
            PipelineId = pipeline?.Id,
            Url = pipeline is null ? null : PipelineInstaller.PipelineUrl(api.Host, pipeline.Id),
            Catalog = catalog,
            Schema = schema,
            WorkspaceIds = pipeline?.Spec["configuration"]?[PipelineConfiguration.WorkspaceIds] is JsonValue ids && ids.TryGetValue<string>(out var text) && text.Length > 0 ? text.Split(',') : [],
            FilePath = filePath,
            Changes = changes,
        };
    }

    /// <summary>The pipeline's file libraries that are the product's pipeline file (named pipeline.sql).</summary>
    private static IEnumerable<string> FileLibraries(JsonObject spec) =>
        (spec["libraries"] as JsonArray ?? [])
            .Select(library => (string?)library?["file"]?["path"])
            .OfType<string>()
            .Where(path => path.EndsWith("/" + PipelineSource.FileName, StringComparison.Ordinal));
}

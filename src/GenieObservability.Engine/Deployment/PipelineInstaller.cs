using System.Text.Json.Nodes;
using GenieObservability.Engine.Http;
using GenieObservability.Engine.Pipeline;
using GenieObservability.Engine.Schema;
using GenieObservability.Engine.Warehouse;
using GenieObservability.Engine.Workspace;

namespace GenieObservability.Engine.Deployment;

/// <summary>
/// Installs the audit pipeline in a workspace, idempotently: the module's sql/pipeline.sql as a workspace file (written
/// only when missing or different), the schema and tables through a connected Databricks SQL warehouse (only what is
/// missing; found through Unity Catalog), and a serverless, triggered SDP pipeline found by name, created or edited
/// only where its managed settings differ. Everything is read with GETs first; every write goes through
/// <c>shouldProcess(target, action)</c>, so -WhatIf sends GETs only and a second install sends nothing.
/// </summary>
public sealed class PipelineInstaller(DatabricksApiClient api, IWarehouse? warehouse, IOperationLog log)
{
    private readonly PipelinesApi _pipelines = new(api);
    private readonly WorkspaceObjects _workspace = new(api);

    public async Task<GeniePipelineInstallation> InstallAsync(PipelineInstallRequest request, Func<string, string, bool> shouldProcess, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(shouldProcess);
        RequireSameSchema(request);

        var folder = request.Folder ?? PipelineInstallRequest.DefaultFolder(await CurrentUser.UserNameAsync(api, cancellationToken).ConfigureAwait(false));
        var filePath = folder + "/" + PipelineSource.FileName;
        var changes = new List<GenieDeploymentChange>();

        var folderReady = await EnsureFolderAsync(folder, changes, shouldProcess, cancellationToken).ConfigureAwait(false);
        await EnsureFileAsync(filePath, folderReady, changes, shouldProcess, cancellationToken).ConfigureAwait(false);
        await EnsureTablesAsync(request, changes, shouldProcess, cancellationToken).ConfigureAwait(false);
        var pipelineId = await EnsurePipelineAsync(request, filePath, changes, shouldProcess, cancellationToken).ConfigureAwait(false);

        return new GeniePipelineInstallation
        {
            Operation = "Install",
            Name = request.Name,
            PipelineId = pipelineId,
            Url = pipelineId is null ? null : PipelineUrl(api.Host, pipelineId),
            Catalog = request.Catalog,
            Schema = request.Schema,
            WorkspaceIds = request.WorkspaceIds,
            FilePath = filePath,
            Changes = changes,
        };
    }

    public static Uri PipelineUrl(Uri host, string pipelineId)
    {
        ArgumentNullException.ThrowIfNull(host);
        return new Uri(host, "pipelines/" + Uri.EscapeDataString(pipelineId));
    }

    /// <summary>The tables are created through the warehouse: its names must be the schema the pipeline writes (the caller opens it so).</summary>
    private void RequireSameSchema(PipelineInstallRequest request)
    {
        if (warehouse is not null && (!string.Equals(warehouse.Tables.Catalog, request.Catalog, StringComparison.OrdinalIgnoreCase) || !string.Equals(warehouse.Tables.Schema, request.Schema, StringComparison.OrdinalIgnoreCase)))
        {
            throw new GenieObservabilityException(
                $"The pipeline writes {request.Catalog}.{request.Schema}, but the warehouse given for its tables uses {warehouse.Tables.SchemaName}.",
                "PipelineSchemaMismatch",
                GenieErrorCategory.InvalidArgument);
        }
    }

    /// <summary>True when the folder exists (or was just created).</summary>
    private async Task<bool> EnsureFolderAsync(string folder, List<GenieDeploymentChange> changes, Func<string, string, bool> shouldProcess, CancellationToken cancellationToken)
    {
        var status = await _workspace.GetStatusAsync(folder, cancellationToken).ConfigureAwait(false);
        if (status is not null)
        {
            return status.IsDirectory
                ? true
                : throw new GenieObservabilityException($"{folder} is a {status.ObjectType}, not a folder: choose another -Path.", "WorkspacePathTaken", GenieErrorCategory.InvalidArgument);
        }

        var change = Add(changes, "Folder", folder, GenieDeploymentAction.Create, "missing");
        if (shouldProcess(folder, "Create workspace folder"))
        {
            await _workspace.MkdirsAsync(folder, cancellationToken).ConfigureAwait(false);
            change.Applied = true;
        }

        return change.Applied;
    }

    private async Task EnsureFileAsync(string filePath, bool folderReady, List<GenieDeploymentChange> changes, Func<string, string, bool> shouldProcess, CancellationToken cancellationToken)
    {
        var status = folderReady ? await _workspace.GetStatusAsync(filePath, cancellationToken).ConfigureAwait(false) : null;
        if (status is { IsFile: false })
        {
            throw new GenieObservabilityException($"{filePath} is a {status.ObjectType}, not a file: move it away or choose another -Path.", "WorkspacePathTaken", GenieErrorCategory.InvalidArgument);
        }

        if (status is not null && PipelineSource.SameContent(await _workspace.ExportAsync(filePath, cancellationToken).ConfigureAwait(false)))
        {
            Add(changes, "File", filePath, GenieDeploymentAction.Unchanged, "same content as the module's sql/pipeline.sql");
            return;
        }

        var change = status is null
            ? Add(changes, "File", filePath, GenieDeploymentAction.Create, folderReady ? "missing" : "its folder is not created")
            : Add(changes, "File", filePath, GenieDeploymentAction.Update, "content differs from the module's sql/pipeline.sql");
        // Asked even when the folder is missing, so -WhatIf shows the whole plan.
        if (shouldProcess(filePath, (status is null ? "Upload" : "Overwrite") + " the module's sql/pipeline.sql") && folderReady)
        {
            await _workspace.ImportFileAsync(filePath, PipelineSource.Content, overwrite: status is not null, cancellationToken).ConfigureAwait(false);
            change.Applied = true;
        }
    }

    private async Task EnsureTablesAsync(PipelineInstallRequest request, List<GenieDeploymentChange> changes, Func<string, string, bool> shouldProcess, CancellationToken cancellationToken)
    {
        var existing = await UnityCatalogTables.ListAsync(api, request.Catalog, request.Schema, cancellationToken).ConfigureAwait(false);
        if (warehouse is null)
        {
            var names = new TableNames(request.Catalog, request.Schema);
            var skipped = 0;
            Add(changes, "Schema", names.SchemaName, existing is null ? GenieDeploymentAction.Skip : GenieDeploymentAction.Unchanged, existing is null ? "missing; no Databricks SQL warehouse is connected" : null);
            skipped += existing is null ? 1 : 0;
            foreach (var table in ObservabilityTables.All)
            {
                var missing = existing is null || !existing.ContainsKey(table.Name);
                Add(changes, "Table", names.Qualify(table.Name), missing ? GenieDeploymentAction.Skip : GenieDeploymentAction.Unchanged, missing ? "missing; no Databricks SQL warehouse is connected" : null);
                skipped += missing ? 1 : 0;
            }

            if (skipped > 0)
            {
                log.Warning($"{skipped} of the schema and tables of {names.SchemaName} are missing and were not created: no Databricks SQL warehouse is connected. Run Connect-GenieWarehouse -WarehouseId <id> -Catalog {request.Catalog} -Schema {request.Schema}, then Install-GeniePipeline again (or Install-GenieObservabilitySchema).");
            }

            return;
        }

        var results = await ObservabilitySchema.InstallAsync(
            warehouse,
            existing,
            candidate => shouldProcess(candidate.Name, $"Create {candidate.ObjectType.ToLowerInvariant()} through the SQL warehouse"),
            cancellationToken).ConfigureAwait(false);
        foreach (var result in results)
        {
            var upgrade = result.ObjectType == "Upgrade";
            var action = result.Status == SchemaObjectStatus.Exists ? GenieDeploymentAction.Unchanged : upgrade ? GenieDeploymentAction.Update : GenieDeploymentAction.Create;
            var change = Add(changes, result.ObjectType, result.Name, action, action == GenieDeploymentAction.Unchanged ? null : upgrade ? "rows of the earlier failure rule made retryable, failure_scope added" : "missing");
            change.Applied = result.Created || result.Status == SchemaObjectStatus.Applied;
        }
    }

    private async Task<string?> EnsurePipelineAsync(PipelineInstallRequest request, string filePath, List<GenieDeploymentChange> changes, Func<string, string, bool> shouldProcess, CancellationToken cancellationToken)
    {
        var pipelineId = await InstalledPipeline.FindIdAsync(_pipelines, request.Name, cancellationToken).ConfigureAwait(false);
        if (pipelineId is null)
        {
            var settings = PipelineSettingsPlan.NewSettings(request, filePath);
            var created = Add(changes, "Pipeline", request.Name, GenieDeploymentAction.Create, $"serverless, triggered, writes {request.Catalog}.{request.Schema}, runs {filePath}");
            if (!shouldProcess(request.Name, $"Create a serverless pipeline writing {request.Catalog}.{request.Schema}"))
            {
                return null;
            }

            pipelineId = await _pipelines.CreateAsync(settings, cancellationToken).ConfigureAwait(false);
            created.Applied = true;
            log.Verbose($"Created pipeline {pipelineId} ('{request.Name}').");
            return pipelineId;
        }

        var current = await _pipelines.GetAsync(pipelineId, cancellationToken).ConfigureAwait(false);
        var plan = PipelineSettingsPlan.Compare(current.Spec, request, filePath);
        if (plan.Differences.Count == 0)
        {
            Add(changes, "Pipeline", request.Name, GenieDeploymentAction.Unchanged, $"pipeline {pipelineId}");
            return pipelineId;
        }

        var detail = string.Join("; ", plan.Differences);
        var change = Add(changes, "Pipeline", request.Name, GenieDeploymentAction.Update, detail);
        if (shouldProcess($"{request.Name} ({pipelineId})", "Update the pipeline settings: " + detail))
        {
            await _pipelines.EditAsync(pipelineId, plan.Settings, current.LastModified, cancellationToken).ConfigureAwait(false);
            change.Applied = true;
        }

        return pipelineId;
    }

    private static GenieDeploymentChange Add(List<GenieDeploymentChange> changes, string resource, string target, GenieDeploymentAction action, string? detail)
    {
        var change = new GenieDeploymentChange { Resource = resource, Target = target, Action = action, Detail = detail };
        changes.Add(change);
        return change;
    }
}

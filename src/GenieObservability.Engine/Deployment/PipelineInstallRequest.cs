using GenieObservability.Engine.Pipeline;
using GenieObservability.Engine.Warehouse;
using GenieObservability.Engine.Workspace;

namespace GenieObservability.Engine.Deployment;

/// <summary>
/// What Install-GeniePipeline installs: the catalog and schema the pipeline writes, the workspaces in its scope, its
/// name (default: <see cref="InstalledPipeline.DefaultName"/>) and the workspace folder of its file (default: a
/// GenieObservability folder in the caller's home). Every value is checked here, before any request.
/// </summary>
public sealed class PipelineInstallRequest
{
    public PipelineInstallRequest(string catalog, string schema, IEnumerable<string>? workspaceIds = null, string? name = null, string? folder = null)
    {
        Catalog = TableNames.ValidateIdentifier(catalog, "catalog");
        Schema = TableNames.ValidateIdentifier(schema, "schema");
        WorkspaceIds = PipelineConfiguration.ValidateWorkspaceIds(workspaceIds ?? []);
        Name = PipelinesApi.ValidateName(name ?? InstalledPipeline.DefaultName(Catalog, Schema));
        Folder = folder is null ? null : WorkspacePath.Normalize(folder, "workspace folder");
    }

    public string Catalog { get; }

    public string Schema { get; }

    public IReadOnlyList<string> WorkspaceIds { get; }

    public string Name { get; }

    /// <summary>The folder given, in its /Workspace form; null for the default in the caller's home.</summary>
    public string? Folder { get; }

    /// <summary>The folder the file goes to when none is given: GenieObservability in the caller's home.</summary>
    public static string DefaultFolder(string userName) => WorkspacePath.Home(userName) + "/GenieObservability";
}

namespace GenieObservability.Engine.Workspace;

/// <summary>What get-status says about a workspace object (ObjectInfo).</summary>
public sealed record WorkspaceObjectStatus(string Path, string ObjectType, long? ObjectId, long? Size, string? Language)
{
    public bool IsDirectory => ObjectType is "DIRECTORY" or "REPO";

    public bool IsFile => ObjectType == "FILE";
}

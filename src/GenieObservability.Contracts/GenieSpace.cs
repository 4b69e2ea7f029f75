namespace GenieObservability;

/// <summary>A Genie space (contract §1.3). SerializedSpace is present only when asked for (include_serialized_space).</summary>
public sealed class GenieSpace
{
    public Uri? WorkspaceHost { get; set; }

    public string SpaceId { get; set; } = string.Empty;

    public string? Title { get; set; }

    public string? Description { get; set; }

    public string? WarehouseId { get; set; }

    public string? ParentPath { get; set; }

    public string? Etag { get; set; }

    public DateTimeOffset? CreateTime { get; set; }

    public DateTimeOffset? UpdateTime { get; set; }

    /// <summary>The space's configuration: a JSON document inside a string, exactly as the API sent it.</summary>
    public string? SerializedSpace { get; set; }

    public string RawJson { get; set; } = "{}";
}

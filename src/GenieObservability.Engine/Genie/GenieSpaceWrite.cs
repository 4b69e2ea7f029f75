namespace GenieObservability.Engine.Genie;

/// <summary>The body of create space / update space; null fields are left out of the request.</summary>
public sealed record GenieSpaceWrite
{
    public string? Title { get; init; }

    public string? Description { get; init; }

    public string? WarehouseId { get; init; }

    public string? ParentPath { get; init; }

    /// <summary>The whole serialized_space JSON string (a full replace on update).</summary>
    public string? SerializedSpace { get; init; }

    public string? Etag { get; init; }
}

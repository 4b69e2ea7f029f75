namespace GenieObservability;

/// <summary>
/// One row of genie_space_details as the space sync left it: the last good configuration of a space plus the outcome
/// of the latest fetch. A failed, forbidden or empty fetch keeps the last good title, description, warehouse and
/// serialized space; only <see cref="FetchStatus"/>, <see cref="FetchError"/> and the ingestion columns change.
/// </summary>
public sealed class GenieSpaceDetail
{
    public string WorkspaceId { get; set; } = string.Empty;

    public string? WorkspaceUrl { get; set; }

    public string SpaceId { get; set; } = string.Empty;

    public string? Title { get; set; }

    public string? Description { get; set; }

    public string? WarehouseId { get; set; }

    public string? ParentPath { get; set; }

    public string? Etag { get; set; }

    public DateTimeOffset? CreateTime { get; set; }

    public DateTimeOffset? UpdateTime { get; set; }

    /// <summary>The space configuration JSON exactly as last fetched successfully; null when no good fetch ever happened.</summary>
    public string? SerializedSpace { get; set; }

    /// <summary>
    /// The same configuration as canonical JSON (sorted keys, list order kept, indented): what the backup file holds.
    /// Use <c>$detail.SerializedSpaceJson | ConvertFrom-Json</c> to browse it.
    /// </summary>
    public string? SerializedSpaceJson { get; set; }

    /// <summary>SHA-256 (hex) of the canonical title, description, warehouse and serialized space.</summary>
    public string? ContentHash { get; set; }

    /// <summary>OK, FAILED, EMPTY, FORBIDDEN or NOT_FOUND (see <see cref="GenieSpaceFetchStatus"/>).</summary>
    public string FetchStatus { get; set; } = GenieSpaceFetchStatus.Ok;

    public string? FetchError { get; set; }

    public DateTimeOffset? LastSuccessAt { get; set; }

    /// <summary>
    /// When a fetch first found the space gone (404); null while it exists. The row and its last good configuration are
    /// kept; a later good fetch (the space restored from the trash) clears it.
    /// </summary>
    public DateTimeOffset? DeletedAt { get; set; }

    public bool IsDeleted => DeletedAt is not null;

    public string? IngestionBatchId { get; set; }

    public DateTimeOffset? IngestionTimestamp { get; set; }

    /// <summary>True when this sync stored a configuration different from the one stored before.</summary>
    public bool ContentChanged { get; set; }

    /// <summary>True when a good configuration is known (fetched now or kept from an earlier sync).</summary>
    public bool HasContent => !string.IsNullOrEmpty(SerializedSpace);

    public override string ToString() => $"{Title} ({SpaceId}) {FetchStatus}";
}

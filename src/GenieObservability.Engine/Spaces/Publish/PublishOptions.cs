namespace GenieObservability.Engine.Spaces.Publish;

/// <summary>How sources are turned into target spaces.</summary>
public sealed record PublishOptions
{
    /// <summary>The target warehouse; null keeps the target's warehouse on update and uses the source's on create.</summary>
    public string? WarehouseId { get; init; }

    public CatalogMap CatalogMap { get; init; } = CatalogMap.Empty;

    /// <summary>The target folder; null leaves it to the workspace on create and unchanged on update.</summary>
    public string? ParentPath { get; init; }

    /// <summary>A title for the target instead of the source's.</summary>
    public string? Title { get; init; }
}

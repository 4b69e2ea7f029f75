using System.Text.Json.Nodes;

namespace GenieObservability.Engine.Spaces.Content;

/// <summary>
/// The parts of a space that define it (what is backed up, compared and published): title, description, warehouse and
/// the parsed serialized space. Volatile fields (etag, timestamps, fetch status) are not content.
/// </summary>
public sealed class SpaceContent
{
    public SpaceContent(string? title, string? description, string? warehouseId, JsonNode? serializedSpace)
    {
        Title = title;
        Description = description;
        WarehouseId = warehouseId;
        SerializedSpace = serializedSpace;
    }

    public string? Title { get; }

    public string? Description { get; }

    public string? WarehouseId { get; }

    /// <summary>The parsed serialized_space; null when the space has none (never fetched, or fetched empty).</summary>
    public JsonNode? SerializedSpace { get; }

    public bool HasSerializedSpace => SerializedSpace is JsonObject { Count: > 0 };

    /// <summary>Canonical indented form of the serialized space (what a backup file shows).</summary>
    public string? SerializedSpaceCanonical => SerializedSpace is null ? null : CanonicalJson.Format(SerializedSpace);

    /// <summary>SHA-256 of the canonical content; equal for spaces that differ only in key order, etag or timestamps.</summary>
    public string Hash
    {
        get
        {
            var document = new JsonObject
            {
                ["description"] = Description,
                ["serialized_space"] = SerializedSpace?.DeepClone(),
                ["title"] = Title,
                ["warehouse_id"] = WarehouseId,
            };
            return CanonicalJson.Sha256(CanonicalJson.Compact(document));
        }
    }

    /// <summary>
    /// The serialized space as the service stores it: a <c>{"version":1}</c> document is migrated on write to version 2
    /// with an empty data_sources when it has none (contract 2026 §5), so a version 1 file and the version 2 space made
    /// from it are the same content. Other documents are returned as they are.
    /// </summary>
    public static JsonNode? AsStored(JsonNode? serializedSpace)
    {
        if (serializedSpace is not JsonObject root || root["version"] is not JsonValue version || version.GetValueKind() != System.Text.Json.JsonValueKind.Number
            || version.ToJsonString() is not ("1" or "1.0"))
        {
            return serializedSpace;
        }

        var migrated = (JsonObject)root.DeepClone();
        migrated["version"] = 2;
        migrated["data_sources"] ??= new JsonObject();
        return migrated;
    }

    /// <summary>Parses the serialized_space string the API returns; null or whitespace gives no serialized space.</summary>
    public static JsonNode? ParseSerializedSpace(string? serializedSpace) =>
        string.IsNullOrWhiteSpace(serializedSpace) ? null : CanonicalJson.Parse(serializedSpace);

    public static SpaceContent From(GenieSpace space)
    {
        ArgumentNullException.ThrowIfNull(space);
        return new SpaceContent(space.Title, space.Description, space.WarehouseId, ParseSerializedSpace(space.SerializedSpace));
    }

    public static SpaceContent From(GenieSpaceDetail detail)
    {
        ArgumentNullException.ThrowIfNull(detail);
        return new SpaceContent(detail.Title, detail.Description, detail.WarehouseId, ParseSerializedSpace(detail.SerializedSpace));
    }
}

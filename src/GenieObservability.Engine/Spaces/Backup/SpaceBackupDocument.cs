using System.Text.Json.Nodes;
using GenieObservability.Engine.Spaces.Content;

namespace GenieObservability.Engine.Spaces.Backup;

/// <summary>
/// The content of one backup file: <c>metadata</c> (where the space came from, its title, description, warehouse and
/// folder) and <c>serialized_space</c> parsed into canonical JSON. Nothing that changes without the space changing
/// (fetch or export time) and nothing that changes with every edit (etag, content hash: see <see cref="BackupIndex"/>)
/// is written, so an unchanged space gives a byte-identical file and one edit gives one hunk.
/// </summary>
public sealed class SpaceBackupDocument
{
    public const string Format = "genie-space-backup/1";

    public string? WorkspaceId { get; init; }

    public string? WorkspaceUrl { get; init; }

    public required string SpaceId { get; init; }

    public string? ParentPath { get; init; }

    public string? Etag { get; init; }

    public required SpaceContent Content { get; init; }

    /// <summary>Where the document was read from, when it came from a file (for a bundle: the resource's YAML file).</summary>
    public string? SourceFile { get; init; }

    /// <summary>The backup folder the document belongs to (for a bundle: its root), where the index and publish map live.</summary>
    public string? Folder { get; init; }

    /// <summary>The resource key, for a document read from a bundle.</summary>
    public string? BundleKey { get; init; }

    /// <summary>
    /// True when the bundle's index does not know the resource (the CLI wrote it): <see cref="SpaceId"/> is then
    /// <c>bundle:&lt;key&gt;</c>, a stable identity for the publish map, not the id of a live space.
    /// </summary>
    public bool IdentifiedByKey { get; init; }

    public static SpaceBackupDocument From(GenieSpaceDetail detail)
    {
        ArgumentNullException.ThrowIfNull(detail);
        return new SpaceBackupDocument
        {
            WorkspaceId = detail.WorkspaceId,
            WorkspaceUrl = detail.WorkspaceUrl,
            SpaceId = detail.SpaceId,
            ParentPath = detail.ParentPath,
            Etag = detail.Etag,
            Content = SpaceContent.From(detail),
        };
    }

    /// <summary>The file text: canonical, indented, LF, trailing newline.</summary>
    public string ToText()
    {
        var metadata = new JsonObject
        {
            ["description"] = Content.Description,
            ["format"] = Format,
            ["parent_path"] = ParentPath,
            ["space_id"] = SpaceId,
            ["title"] = Content.Title,
            ["warehouse_id"] = Content.WarehouseId,
            ["workspace_id"] = WorkspaceId,
            ["workspace_url"] = WorkspaceUrl,
        };
        var document = new JsonObject
        {
            ["metadata"] = metadata,
            ["serialized_space"] = Content.SerializedSpace?.DeepClone(),
        };
        return CanonicalJson.Format(document);
    }

    /// <summary>Reads a backup file written by <see cref="ToText"/>; a clear error when it is not one.</summary>
    public static SpaceBackupDocument Parse(string text, string? sourceFile = null)
    {
        var root = CanonicalJson.Parse(text) as JsonObject;
        var metadata = root?["metadata"] as JsonObject;
        var spaceId = metadata?["space_id"]?.GetValue<string>();
        if (root is null || metadata is null || string.IsNullOrEmpty(spaceId))
        {
            throw new GenieObservabilityException(
                $"{sourceFile ?? "The input"} is not a Genie space backup (it needs metadata.space_id and serialized_space; write one with Export-GenieSpaceBackup).",
                "NotASpaceBackup",
                GenieErrorCategory.InvalidData);
        }

        return new SpaceBackupDocument
        {
            WorkspaceId = Text(metadata, "workspace_id"),
            WorkspaceUrl = Text(metadata, "workspace_url"),
            SpaceId = spaceId,
            ParentPath = Text(metadata, "parent_path"),
            Etag = Text(metadata, "etag"),
            SourceFile = sourceFile,
            Folder = sourceFile is null ? null : Path.GetDirectoryName(Path.GetFullPath(sourceFile)),
            Content = new SpaceContent(Text(metadata, "title"), Text(metadata, "description"), Text(metadata, "warehouse_id"), root["serialized_space"]?.DeepClone()),
        };
    }

    private static string? Text(JsonObject obj, string key) => obj[key] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}

using GenieObservability.Engine.IO;
using GenieObservability.Engine.Spaces.Content;

namespace GenieObservability.Engine.Spaces.Backup;

/// <summary>
/// The layout <c>databricks bundle generate genie-space</c> writes, under a bundle root: <c>src/&lt;key&gt;.geniespace.json</c>
/// (exactly the serialized_space JSON, as the CLI formats it: <see cref="CliJson"/>) and
/// <c>resources/&lt;key&gt;.genie_space.yml</c> (title, description, warehouse as <c>${var.warehouse_id}</c>, file_path,
/// parent_path, and any permissions or lifecycle a person added), plus a <c>databricks.yml</c> when the folder has none.
/// A space keeps its key once it has one (see <see cref="BundleKey"/>); the index says which key is which space.
/// </summary>
public sealed class BundleBackupLayout : IBackupLayout
{
    private readonly BundleRoot _root;
    private readonly Dictionary<string, string> _reserved = new(StringComparer.OrdinalIgnoreCase);

    public BundleBackupLayout(string directory) => _root = new BundleRoot(directory);

    public GenieSpaceBackupFormat Format => GenieSpaceBackupFormat.Bundle;

    public string Directory => _root.Directory;

    public IReadOnlyList<string> ExistingFiles(GenieSpaceDetail detail, BackupIndex index)
    {
        ArgumentNullException.ThrowIfNull(detail);
        ArgumentNullException.ThrowIfNull(index);
        return KnownKey(detail, index) is { } key && File.Exists(_root.JsonPath(key)) ? [_root.JsonPath(key)] : [];
    }

    public BackupFiles Plan(GenieSpaceDetail detail, SpaceBackupDocument document, BackupIndex index)
    {
        ArgumentNullException.ThrowIfNull(detail);
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(index);
        var key = KnownKey(detail, index) ?? BundleKey.Choose(detail.Title, detail.SpaceId, candidate => IsTaken(candidate, detail, index));
        _reserved[key] = detail.SpaceId;

        var jsonPath = _root.JsonPath(key);
        var resourcePath = _root.ResourcePath(key);
        var existing = File.Exists(resourcePath) ? BundleSpaceResource.ReadFile(resourcePath).FirstOrDefault(r => r.Key == key) : null;
        var resource = new BundleSpaceResource
        {
            Key = key,
            Title = document.Content.Title ?? string.Empty,
            Description = document.Content.Description,
            WarehouseId = BundleSpaceResource.WarehouseVariable,
            FilePath = Path.GetRelativePath(Path.GetDirectoryName(resourcePath)!, jsonPath).Replace('\\', '/'),
            ParentPath = BundleSpaceResource.WithWorkspacePrefix(document.ParentPath),
            Permissions = existing?.Permissions ?? [],
            PreventDestroy = existing?.PreventDestroy,
        };
        return new BackupFiles(
            jsonPath,
            resourcePath,
            [
                new BackupFileWrite(jsonPath, CanonicalJson.ToUtf8(CliJson.Format(document.Content.SerializedSpace))),
                new BackupFileWrite(resourcePath, CanonicalJson.ToUtf8(resource.ToYaml())),
            ],
            [],
            new BackupIndexEntry(detail.WorkspaceId, detail.SpaceId, BundleRoot.RelativeJsonPath(key), null, null, detail.WorkspaceUrl, document.Content.WarehouseId));
    }

    public void BeforeFirstWrite()
    {
        if (!_root.HasConfig)
        {
            AtomicFile.WriteIfChanged(_root.ConfigFile, CanonicalJson.ToUtf8(_root.NewConfigText()));
        }
    }

    private static string? KnownKey(GenieSpaceDetail detail, BackupIndex index) =>
        index.Get(detail.WorkspaceId, detail.SpaceId) is { } entry ? BundleRoot.KeyOfJsonPath(entry.File) : null;

    /// <summary>Another space holds the key (in this run, in the index) or the bundle already has files of that name it did not write for this space.</summary>
    private bool IsTaken(string key, GenieSpaceDetail detail, BackupIndex index)
    {
        if (_reserved.TryGetValue(key, out var holder) && holder != detail.SpaceId)
        {
            return true;
        }

        if (index.FindFile(BundleRoot.RelativeJsonPath(key)) is { } entry && entry.SpaceId != detail.SpaceId)
        {
            return true;
        }

        return File.Exists(_root.JsonPath(key)) || File.Exists(_root.ResourcePath(key));
    }
}

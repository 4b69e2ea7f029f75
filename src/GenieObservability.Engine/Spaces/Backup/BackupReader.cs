namespace GenieObservability.Engine.Spaces.Backup;

/// <summary>
/// Reads space backups in either layout, for Publish-GenieSpace and Compare-GenieSpaceBackup: a folder of canonical
/// JSON files, one such file, a bundle root (every genie_spaces resource its databricks.yml includes), or one bundle
/// YAML file. A bundle resource's serialized space comes from its file_path (or inline serialized_space); its space id,
/// workspace and warehouse come from the bundle's index when the module wrote it. One reader reads each bundle's
/// databricks.yml and index once, however many resource files it has.
/// </summary>
public sealed class BackupReader
{
    private readonly Dictionary<string, (BundleRoot? Root, BackupIndex Index)> _bundles = new(StringComparer.Ordinal);

    /// <summary>The files that hold backups under <paramref name="path"/>, in a stable order (read each with <see cref="ReadSource"/>).</summary>
    public static IReadOnlyList<string> Sources(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = Path.GetFullPath(path);
        if (Directory.Exists(full))
        {
            return BundleRoot.IsBundle(full)
                ? new BundleRoot(full).ConfigurationFiles()
                : Directory.GetFiles(full, "*" + BackupFileName.Extension)
                    .Where(f => !Path.GetFileName(f).StartsWith('.') && !f.EndsWith(BundleRoot.JsonSuffix, StringComparison.OrdinalIgnoreCase))
                    .Order(StringComparer.Ordinal)
                    .ToList();
        }

        if (full.EndsWith(BundleRoot.JsonSuffix, StringComparison.OrdinalIgnoreCase))
        {
            throw new GenieObservabilityException(
                $"{full} holds only a serialized space; pass the bundle root or its resources/*{BundleRoot.ResourceSuffix} file, which names the title and warehouse.",
                "NotASpaceBackup",
                GenieErrorCategory.InvalidArgument);
        }

        return [full];
    }

    /// <summary>The spaces of one source file: one for a JSON backup, each genie_spaces resource for a bundle YAML file.</summary>
    public IReadOnlyList<SpaceBackupDocument> ReadSource(string file)
    {
        ArgumentException.ThrowIfNullOrEmpty(file);
        return IsYaml(file) ? ReadBundleFile(file) : [SpaceBackupDocument.Parse(File.ReadAllText(file), file)];
    }

    /// <summary>The bundle root above the file (null when there is none) and the index of the bundle's folder, each read once.</summary>
    private (BundleRoot? Root, BackupIndex Index) BundleOf(string file)
    {
        var root = BundleRoot.Above(file);
        var folder = root?.Directory ?? Path.GetDirectoryName(Path.GetFullPath(file))!;
        if (!_bundles.TryGetValue(folder, out var bundle))
        {
            bundle = (root, BackupIndex.Load(folder));
            _bundles[folder] = bundle;
        }

        return bundle;
    }

    private static bool IsYaml(string file) =>
        file.EndsWith(".yml", StringComparison.OrdinalIgnoreCase) || file.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase);

    private List<SpaceBackupDocument> ReadBundleFile(string file)
    {
        var (root, index) = BundleOf(file);
        var folder = root?.Directory ?? Path.GetDirectoryName(Path.GetFullPath(file))!;
        var documents = new List<SpaceBackupDocument>();
        foreach (var resource in BundleSpaceResource.ReadFile(file))
        {
            var jsonPath = resource.FilePath is null ? null : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(file))!, resource.FilePath));
            var serialized = resource.InlineSerializedSpace;
            if (jsonPath is not null)
            {
                if (!File.Exists(jsonPath))
                {
                    throw new GenieObservabilityException($"Genie space '{resource.Key}' in {file} names file_path {resource.FilePath}, which does not exist.", "BundleFileMissing", GenieErrorCategory.ObjectNotFound);
                }

                serialized = Content.CanonicalJson.Parse(File.ReadAllText(jsonPath));
            }

            var entry = jsonPath is null ? null : index.FindFile(Path.GetRelativePath(folder, jsonPath).Replace('\\', '/'));
            var warehouse = resource.WarehouseId is { } declared && declared.StartsWith("${", StringComparison.Ordinal)
                ? root?.Resolve(declared) ?? entry?.WarehouseId
                : resource.WarehouseId;
            documents.Add(new SpaceBackupDocument
            {
                WorkspaceId = entry?.WorkspaceId,
                WorkspaceUrl = entry?.WorkspaceUrl,
                SpaceId = entry?.SpaceId ?? "bundle:" + resource.Key,
                ParentPath = BundleSpaceResource.WithoutWorkspacePrefix(resource.ParentPath),
                Etag = entry?.Etag,
                Content = new Content.SpaceContent(resource.Title, resource.Description, warehouse, serialized),
                SourceFile = file,
                Folder = folder,
                BundleKey = resource.Key,
                IdentifiedByKey = entry is null,
            });
        }

        return documents;
    }
}

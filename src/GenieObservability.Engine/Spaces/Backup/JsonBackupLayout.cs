using GenieObservability.Engine.Spaces.Content;

namespace GenieObservability.Engine.Spaces.Backup;

/// <summary>One canonical <c>&lt;title&gt;__&lt;space_id&gt;.json</c> per space; a new title renames the file.</summary>
public sealed class JsonBackupLayout(string directory) : IBackupLayout
{
    public GenieSpaceBackupFormat Format => GenieSpaceBackupFormat.Json;

    public string Directory { get; } = Path.GetFullPath(directory);

    public IReadOnlyList<string> ExistingFiles(GenieSpaceDetail detail, BackupIndex index)
    {
        ArgumentNullException.ThrowIfNull(detail);
        return System.IO.Directory.Exists(Directory)
            ? System.IO.Directory.GetFiles(Directory, BackupFileName.PatternFor(detail.SpaceId)).Order(StringComparer.Ordinal).ToList()
            : [];
    }

    public BackupFiles Plan(GenieSpaceDetail detail, SpaceBackupDocument document, BackupIndex index)
    {
        ArgumentNullException.ThrowIfNull(detail);
        ArgumentNullException.ThrowIfNull(document);
        var path = BackupFileName.PathIn(Directory, detail.Title, detail.SpaceId);
        var replaced = ExistingFiles(detail, index).Where(e => !string.Equals(e, path, StringComparison.Ordinal)).ToList();
        return new BackupFiles(
            path,
            null,
            [new BackupFileWrite(path, CanonicalJson.ToUtf8(document.ToText()))],
            replaced,
            new BackupIndexEntry(detail.WorkspaceId, detail.SpaceId, Path.GetFileName(path), null, null));
    }

    public void BeforeFirstWrite()
    {
    }
}

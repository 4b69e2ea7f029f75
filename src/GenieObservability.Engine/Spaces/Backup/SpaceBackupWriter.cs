using GenieObservability.Engine.Files;
using GenieObservability.Engine.Spaces.Content;

namespace GenieObservability.Engine.Spaces.Backup;

/// <summary>
/// Writes one backup file per space into a folder. A file is written only when its bytes would change (an unchanged
/// file keeps its modification time), through a temporary file and a rename so a crash never leaves half a file, and
/// never from a failed or empty fetch: the last good backup stays as it is.
/// </summary>
public sealed class SpaceBackupWriter
{
    public SpaceBackupWriter(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        Directory = Path.GetFullPath(directory);
        Index = BackupIndex.Load(Directory);
    }

    public string Directory { get; }

    /// <summary>The etag and content hash of each backup; saved by <see cref="SaveIndex"/>.</summary>
    public BackupIndex Index { get; }

    public void SaveIndex() => Index.Save();

    /// <summary>Writes the backup of <paramref name="detail"/> when it changed; see <see cref="Prepare"/>.</summary>
    public GenieSpaceBackupResult Write(GenieSpaceDetail detail)
    {
        var pending = Prepare(detail);
        Apply(pending);
        SaveIndex();
        return pending.Result;
    }

    /// <summary>
    /// Decides what writing <paramref name="detail"/> would do without touching the folder: which file, whether its bytes
    /// change, or why it is skipped. <see cref="Apply"/> then does it (so -WhatIf can ask in between).
    /// </summary>
    public PendingBackup Prepare(GenieSpaceDetail detail)
    {
        ArgumentNullException.ThrowIfNull(detail);
        var path = BackupFileName.PathIn(Directory, detail.Title, detail.SpaceId);
        var result = new GenieSpaceBackupResult
        {
            WorkspaceId = detail.WorkspaceId,
            SpaceId = detail.SpaceId,
            Title = detail.Title,
            ContentHash = detail.ContentHash,
        };
        var existing = ExistingBackups(detail.SpaceId);

        if (detail.FetchStatus != GenieSpaceFetchStatus.Ok && existing.Count > 0)
        {
            return Skipped(result, existing[0], $"The latest fetch is {detail.FetchStatus}; the existing backup is kept.");
        }

        var document = SpaceBackupDocument.From(detail);
        if (!document.Content.HasSerializedSpace)
        {
            var reason = detail.FetchStatus == GenieSpaceFetchStatus.Ok
                ? "The space returned an empty serialized_space; nothing to back up."
                : $"The latest fetch is {detail.FetchStatus} and no good configuration is known; nothing to back up.";
            return Skipped(result, existing.Count > 0 ? existing[0] : null, reason);
        }

        result.ContentHash = document.Content.Hash;
        var bytes = CanonicalJson.ToUtf8(document.ToText());
        var replaced = existing.Where(e => !string.Equals(e, path, StringComparison.Ordinal)).ToList();
        result.Changed = !AtomicFile.HasBytes(path, bytes) || replaced.Count > 0;
        result.ReplacedFile = replaced.Count > 0 ? replaced[0] : null;
        result.File = new FileInfo(path);
        return new PendingBackup(result, path, result.Changed ? bytes : null, replaced) { Etag = detail.Etag };
    }

    /// <summary>Writes the file (temporary file, then rename) and removes files of the same space under an old title.</summary>
    public void Apply(PendingBackup pending)
    {
        ArgumentNullException.ThrowIfNull(pending);
        if (pending.Result.SkippedReason is null && pending.Result.File is { } file)
        {
            Index.Set(pending.Result.WorkspaceId, pending.Result.SpaceId, file.Name, pending.Etag, pending.Result.ContentHash);
        }

        if (pending.Bytes is null)
        {
            return;
        }

        AtomicFile.WriteIfChanged(pending.Path, pending.Bytes);

        // The title changed since the last backup: the old file is replaced by the new name (git sees a rename).
        foreach (var old in pending.Replaced)
        {
            File.Delete(old);
        }

        pending.Result.File?.Refresh();
    }

    /// <summary>Backups of <paramref name="spaceId"/> already in the folder, whatever title they were written under.</summary>
    public IReadOnlyList<string> ExistingBackups(string spaceId)
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            return [];
        }

        return System.IO.Directory.GetFiles(Directory, BackupFileName.PatternFor(spaceId)).Order(StringComparer.Ordinal).ToList();
    }

    private static PendingBackup Skipped(GenieSpaceBackupResult result, string? existing, string reason)
    {
        result.File = existing is null ? null : new FileInfo(existing);
        result.Changed = false;
        result.SkippedReason = reason;
        return new PendingBackup(result, existing, null, []);
    }
}

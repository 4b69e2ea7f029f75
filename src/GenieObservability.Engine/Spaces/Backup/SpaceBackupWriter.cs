using GenieObservability.Engine.IO;

namespace GenieObservability.Engine.Spaces.Backup;

/// <summary>
/// Writes the backups of spaces into a folder, in the JSON or the bundle layout (<see cref="IBackupLayout"/>). A file is
/// written only when its bytes would change (an unchanged file keeps its modification time), whole or not at all
/// (<see cref="AtomicFile"/>), and never from a failed or empty fetch: the last good backup stays as it is, also for a
/// space that was deleted.
/// </summary>
public sealed class SpaceBackupWriter
{
    private readonly IBackupLayout _layout;
    private bool _wroteAny;

    public SpaceBackupWriter(string directory, GenieSpaceBackupFormat format = GenieSpaceBackupFormat.Json)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        _layout = format == GenieSpaceBackupFormat.Bundle ? new BundleBackupLayout(directory) : new JsonBackupLayout(directory);
        Index = BackupIndex.Load(_layout.Directory);
    }

    public string Directory => _layout.Directory;

    public GenieSpaceBackupFormat Format => _layout.Format;

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
    /// Decides what writing <paramref name="detail"/> would do without touching the folder: which files, whether their
    /// bytes change, or why it is skipped. <see cref="Apply"/> then does it (so -WhatIf can ask in between).
    /// </summary>
    public PendingBackup Prepare(GenieSpaceDetail detail)
    {
        ArgumentNullException.ThrowIfNull(detail);
        var result = new GenieSpaceBackupResult
        {
            WorkspaceId = detail.WorkspaceId,
            SpaceId = detail.SpaceId,
            Title = detail.Title,
            ContentHash = detail.ContentHash,
            Format = Format,
        };
        var existing = _layout.ExistingFiles(detail, Index);

        if (detail.FetchStatus != GenieSpaceFetchStatus.Ok && existing.Count > 0)
        {
            var reason = detail.DeletedAt is { } deleted
                ? $"The space was deleted (found missing on {deleted:yyyy-MM-dd}); its last backup is kept."
                : $"The latest fetch is {detail.FetchStatus}; the existing backup is kept.";
            return Skipped(result, existing[0], reason);
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
        var files = _layout.Plan(detail, document, Index);
        var writes = files.Files.Where(f => !AtomicFile.HasBytes(f.Path, f.Bytes)).ToList();
        result.Changed = writes.Count > 0 || files.Replaced.Count > 0;
        result.ReplacedFile = files.Replaced.Count > 0 ? files.Replaced[0] : null;
        result.File = new FileInfo(files.Primary);
        result.ResourceFile = files.Resource is null ? null : new FileInfo(files.Resource);
        return new PendingBackup(result, files.Primary, writes, files.Replaced, files.IndexEntry with { Etag = detail.Etag, ContentHash = result.ContentHash });
    }

    /// <summary>Writes the changed files and removes files of the same space under an old name.</summary>
    public void Apply(PendingBackup pending)
    {
        ArgumentNullException.ThrowIfNull(pending);
        if (pending.IndexEntry is { } entry)
        {
            Index.Set(entry);
        }

        if (!pending.WillWrite)
        {
            return;
        }

        if (!_wroteAny)
        {
            _layout.BeforeFirstWrite();
            _wroteAny = true;
        }

        foreach (var write in pending.Writes)
        {
            AtomicFile.WriteIfChanged(write.Path, write.Bytes);
        }

        // The title changed since the last backup: the old file is replaced by the new name (git sees a rename).
        foreach (var old in pending.Replaced)
        {
            File.Delete(old);
        }

        pending.Result.File?.Refresh();
        pending.Result.ResourceFile?.Refresh();
    }

    private static PendingBackup Skipped(GenieSpaceBackupResult result, string? existing, string reason)
    {
        result.File = existing is null ? null : new FileInfo(existing);
        result.Changed = false;
        result.SkippedReason = reason;
        return new PendingBackup(result, existing, [], [], null);
    }
}

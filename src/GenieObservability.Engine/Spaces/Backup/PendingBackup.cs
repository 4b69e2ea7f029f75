namespace GenieObservability.Engine.Spaces.Backup;

/// <summary>One file a backup writes: its full path and bytes.</summary>
public sealed record BackupFileWrite(string Path, byte[] Bytes);

/// <summary>A backup decided but not yet written: the result to report, the files whose bytes change, and the index entry.</summary>
public sealed class PendingBackup
{
    internal PendingBackup(GenieSpaceBackupResult result, string? path, IReadOnlyList<BackupFileWrite> writes, IReadOnlyList<string> replaced, BackupIndexEntry? indexEntry)
    {
        Result = result;
        Path = path ?? string.Empty;
        Writes = writes;
        Replaced = replaced;
        IndexEntry = indexEntry;
    }

    public GenieSpaceBackupResult Result { get; }

    /// <summary>The space's main backup file (what -WhatIf names).</summary>
    public string Path { get; }

    /// <summary>The files whose bytes change (none for an unchanged or skipped space).</summary>
    public IReadOnlyList<BackupFileWrite> Writes { get; }

    /// <summary>Older files of the same space that the write replaces (the JSON format renames a file when the title changes).</summary>
    public IReadOnlyList<string> Replaced { get; }

    /// <summary>What the index records for the space; null when the space is skipped.</summary>
    internal BackupIndexEntry? IndexEntry { get; }

    /// <summary>True when <see cref="SpaceBackupWriter.Apply"/> would write or delete anything.</summary>
    public bool WillWrite => Writes.Count > 0 || Replaced.Count > 0;
}

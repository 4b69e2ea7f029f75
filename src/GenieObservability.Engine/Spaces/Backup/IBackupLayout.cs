namespace GenieObservability.Engine.Spaces.Backup;

/// <summary>The files one space's backup consists of, before comparing them with what is on disk.</summary>
/// <param name="Primary">The file that holds the configuration (what a result's File names).</param>
/// <param name="Resource">The bundle resource file; null for the JSON format.</param>
/// <param name="IndexEntry">What the index records (etag and content hash are filled in by the writer).</param>
public sealed record BackupFiles(string Primary, string? Resource, IReadOnlyList<BackupFileWrite> Files, IReadOnlyList<string> Replaced, BackupIndexEntry IndexEntry);

/// <summary>How a backup format names and lays out the files of a space in its folder.</summary>
public interface IBackupLayout
{
    GenieSpaceBackupFormat Format { get; }

    /// <summary>The folder the index lives in.</summary>
    string Directory { get; }

    /// <summary>The space's backup files already on disk (the main file first).</summary>
    IReadOnlyList<string> ExistingFiles(GenieSpaceDetail detail, BackupIndex index);

    /// <summary>The files the space's backup should consist of.</summary>
    BackupFiles Plan(GenieSpaceDetail detail, SpaceBackupDocument document, BackupIndex index);

    /// <summary>Called once before the first file is written (a bundle writes its databricks.yml when it has none).</summary>
    void BeforeFirstWrite();
}

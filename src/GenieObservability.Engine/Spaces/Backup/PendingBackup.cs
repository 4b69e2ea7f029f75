namespace GenieObservability.Engine.Spaces.Backup;

/// <summary>A backup decided but not yet written: the result to report, the file, and the bytes (null when nothing is written).</summary>
public sealed class PendingBackup
{
    internal PendingBackup(GenieSpaceBackupResult result, string? path, byte[]? bytes, IReadOnlyList<string> replaced)
    {
        Result = result;
        Path = path ?? string.Empty;
        Bytes = bytes;
        Replaced = replaced;
    }

    public GenieSpaceBackupResult Result { get; }

    public string Path { get; }

    internal byte[]? Bytes { get; }

    internal string? Etag { get; init; }

    public IReadOnlyList<string> Replaced { get; }

    /// <summary>True when <see cref="SpaceBackupWriter.Apply"/> would write or delete anything.</summary>
    public bool WillWrite => Bytes is not null;
}

namespace GenieObservability;

/// <summary>One backup file Export-GenieSpaceBackup considered (with -PassThru).</summary>
public sealed class GenieSpaceBackupResult
{
    public FileInfo? File { get; set; }

    public string WorkspaceId { get; set; } = string.Empty;

    public string SpaceId { get; set; } = string.Empty;

    public string? Title { get; set; }

    /// <summary>True when the file was created or its bytes changed; false when it already held exactly this content.</summary>
    public bool Changed { get; set; }

    /// <summary>Why nothing was written although the content may differ (a failed or empty fetch); null otherwise.</summary>
    public string? SkippedReason { get; set; }

    /// <summary>An older file of the same space (its title changed) that this export replaced.</summary>
    public string? ReplacedFile { get; set; }

    public string? ContentHash { get; set; }
}

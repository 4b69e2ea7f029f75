namespace GenieObservability;

/// <summary>One backup file Export-GenieSpaceBackup considered (with -PassThru).</summary>
public sealed class GenieSpaceBackupResult
{
    /// <summary>The space's backup file: the canonical JSON file, or for the bundle format its <c>src/&lt;key&gt;.geniespace.json</c>.</summary>
    public FileInfo? File { get; set; }

    /// <summary>The bundle resource (<c>resources/&lt;key&gt;.genie_space.yml</c>); null for the JSON format.</summary>
    public FileInfo? ResourceFile { get; set; }

    public GenieSpaceBackupFormat Format { get; set; }

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

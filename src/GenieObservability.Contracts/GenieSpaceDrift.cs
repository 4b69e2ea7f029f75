namespace GenieObservability;

/// <summary>What Compare-GenieSpaceBackup found for one space: live in the workspace versus its backup file.</summary>
public sealed class GenieSpaceDrift
{
    public GenieSpaceDriftStatus Status { get; set; }

    public string? WorkspaceId { get; set; }

    public string SpaceId { get; set; } = string.Empty;

    /// <summary>The live title, else the backup's.</summary>
    public string? Title { get; set; }

    /// <summary>For Changed: each difference with its before (backup) and after (live) value.</summary>
    public IReadOnlyList<GenieSpaceDifference> Differences { get; set; } = [];

    /// <summary>The backup file (the canonical JSON file, or the bundle's resource file); null for MissingBackup.</summary>
    public string? BackupFile { get; set; }

    /// <summary>Why the live space could not be compared (Unknown).</summary>
    public string? Error { get; set; }

    public override string ToString() => $"{Status} {SpaceId} {Title}";
}

namespace GenieObservability;

/// <summary>What Publish-GenieSpace did (or, with -WhatIf, would do) for one source space.</summary>
public sealed class GenieSpacePublishResult
{
    public string? SourceWorkspaceId { get; set; }

    public string SourceSpaceId { get; set; } = string.Empty;

    public string? Title { get; set; }

    public Uri? TargetHost { get; set; }

    /// <summary>The space in the target workspace; null for a create that -WhatIf or a declined confirmation skipped.</summary>
    public string? TargetSpaceId { get; set; }

    public GenieSpacePublishAction Action { get; set; }

    /// <summary>A short diff summary: which fields differ, and for the configuration which lines were added or removed.</summary>
    public IReadOnlyList<string> Changes { get; set; } = [];

    /// <summary>Why nothing was written for a Conflict, Blocked or Failed space; null otherwise.</summary>
    public string? Reason { get; set; }

    /// <summary>Tables and metric views (after the catalog map) that the pre-flight did not find in the target.</summary>
    public IReadOnlyList<string> Missing { get; set; } = [];

    /// <summary>The target folder (-ParentPath) the pre-flight did not find: created before the write (with -WhatIf, it would be).</summary>
    public string? MissingFolder { get; set; }

    /// <summary>True when nothing was written (-WhatIf or the confirmation was declined).</summary>
    public bool WhatIf { get; set; }

    public string? SourceFile { get; set; }

    public override string ToString() => $"{Action} {SourceSpaceId} -> {TargetSpaceId}";
}

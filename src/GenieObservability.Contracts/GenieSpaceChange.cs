namespace GenieObservability;

/// <summary>How an item differs between a space's backup and the live space.</summary>
public enum GenieSpaceChange
{
    /// <summary>Only in the live space.</summary>
    Added,

    /// <summary>Only in the backup.</summary>
    Removed,

    /// <summary>In both, with different values.</summary>
    Changed,

    /// <summary>The same items in another order (Before and After list their ids).</summary>
    Reordered,
}

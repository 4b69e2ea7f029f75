using GenieObservability.Engine.Spaces.Sync;

namespace GenieObservability.Engine.Jobs;

/// <summary>
/// The job's optional space step (-SyncSpaces): which workspaces, how many spaces are fetched at once, and whether every
/// space each workspace lists is synced (-AllSpaces) or only those of the silver table.
/// </summary>
public sealed record SpaceSyncSettings(IReadOnlyCollection<string>? WorkspaceIds, int ThrottleLimit, bool AllSpaces = false)
{
    /// <summary>
    /// The job's settings: the space fetches follow its message <paramref name="throttleLimit"/>, capped at
    /// <see cref="SpaceSync.JobMaxThrottleLimit"/> (space GETs carry the whole serialized space).
    /// </summary>
    public static SpaceSyncSettings ForJob(IReadOnlyCollection<string>? workspaceIds, int throttleLimit, bool allSpaces) =>
        new(workspaceIds, Math.Min(throttleLimit, SpaceSync.JobMaxThrottleLimit), allSpaces);
}

namespace GenieObservability.Commands.Ingestion;

/// <summary>
/// The job's optional space step (-SyncSpaces): which workspaces, how many spaces are fetched at once, and whether every
/// space each workspace lists is synced (-AllSpaces) or only those of the silver table.
/// </summary>
internal sealed record SpaceSyncSettings(IReadOnlyCollection<string>? WorkspaceIds, int ThrottleLimit, bool AllSpaces = false);

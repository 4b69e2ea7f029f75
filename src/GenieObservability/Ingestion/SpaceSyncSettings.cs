namespace GenieObservability.Commands.Ingestion;

/// <summary>The job's optional space step (-SyncSpaces): which workspaces, and how many spaces are fetched at once.</summary>
internal sealed record SpaceSyncSettings(IReadOnlyCollection<string>? WorkspaceIds, int ThrottleLimit);

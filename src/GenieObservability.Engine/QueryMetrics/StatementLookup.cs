namespace GenieObservability.Engine.QueryMetrics;

/// <summary>One statement to look up, with the message that named it and its lookup history so far.</summary>
public sealed record StatementLookup(
    string WorkspaceId,
    Uri? WorkspaceUrl,
    string? SpaceId,
    string? ConversationId,
    string? MessageId,
    string StatementId,
    int Attempts,
    DateTimeOffset? FirstLookedUpAt);

namespace GenieObservability.Engine.Ingestion;

/// <summary>One message the audit log names, to fetch and store (what Get-GenieMessagesToFetch emits).</summary>
public sealed record MessageFetchItem(
    string WorkspaceId,
    Uri WorkspaceUrl,
    string? WorkspaceName,
    string SpaceId,
    string ConversationId,
    string MessageId,
    DateTimeOffset? EventTime = null,
    string? UserEmail = null,
    string Reason = GenieMessageToFetch.ReasonNew,
    DateTimeOffset? FeedbackEventTime = null);

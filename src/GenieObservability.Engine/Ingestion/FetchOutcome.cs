using GenieObservability.Engine.Genie;

namespace GenieObservability.Engine.Ingestion;

/// <summary>
/// The result of fetching one message: the message, or why not. <paramref name="WorkspaceDown"/> marks a message not
/// fetched because its workspace was down in this run (the failure is the workspace's). For a message with feedback or
/// comments, also its comments (every page), or why they could not be read (the message is still stored; after a
/// transient failure its feedback is not marked current, so a later run offers it again).
/// </summary>
internal sealed record FetchOutcome(MessageFetchItem Item, GenieMessage? Message, FetchFailure? Failure, bool WorkspaceDown = false)
{
    public IReadOnlyList<GenieMessageComment>? Comments { get; init; }

    public FetchFailure? CommentsFailure { get; init; }

    public static FetchOutcome Succeeded(MessageFetchItem item, GenieMessage message) => new(item, message, null);

    public static FetchOutcome Failed(MessageFetchItem item, FetchFailure failure) => new(item, null, failure);

    public static FetchOutcome NotFetched(MessageFetchItem item, FetchFailure workspaceFailure) => new(item, null, workspaceFailure, WorkspaceDown: true);

    /// <summary>
    /// Comments are read for messages offered for their feedback, messages whose audit trail has feedback or comment
    /// events, and messages whose feedback carries a comment (the API keeps that as a comment too).
    /// </summary>
    public static bool NeedsComments(MessageFetchItem item, GenieMessage message) =>
        item.Reason == GenieMessageToFetch.ReasonFeedback || item.FeedbackEventTime is not null || !string.IsNullOrEmpty(message.FeedbackComment);
}

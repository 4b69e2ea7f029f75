namespace GenieObservability.Engine.Ingestion;

/// <summary>
/// The result of fetching one message: the message, or why not. <paramref name="WorkspaceDown"/> marks a message not
/// fetched because its workspace was down in this run (the failure is the workspace's).
/// </summary>
internal sealed record FetchOutcome(MessageFetchItem Item, GenieMessage? Message, FetchFailure? Failure, bool WorkspaceDown = false)
{
    public static FetchOutcome Succeeded(MessageFetchItem item, GenieMessage message) => new(item, message, null);

    public static FetchOutcome Failed(MessageFetchItem item, FetchFailure failure) => new(item, null, failure);

    public static FetchOutcome NotFetched(MessageFetchItem item, FetchFailure workspaceFailure) => new(item, null, workspaceFailure, WorkspaceDown: true);
}

namespace GenieObservability.Engine.Ingestion;

/// <summary>The result of fetching one message: the message, or why not.</summary>
internal sealed record FetchOutcome(MessageFetchItem Item, GenieMessage? Message, FetchFailure? Failure)
{
    public static FetchOutcome Succeeded(MessageFetchItem item, GenieMessage message) => new(item, message, null);

    public static FetchOutcome Failed(MessageFetchItem item, FetchFailure failure) => new(item, null, failure);
}

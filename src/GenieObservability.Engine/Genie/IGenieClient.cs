namespace GenieObservability.Engine.Genie;

/// <summary>
/// The Genie REST API of one workspace (contract §1). Paging is followed internally; failures are
/// <see cref="GenieApiException"/> with a classified ErrorType. Implemented by GenieClient over the resilient HTTP layer.
/// </summary>
public interface IGenieClient
{
    Uri Host { get; }

    /// <summary>
    /// One request that every workspace answers (the first page of the space list, one space), sent once, without
    /// retries, within <paramref name="timeout"/>: whether the workspace answers at all. Throws what the request failed with.
    /// </summary>
    Task ProbeAsync(TimeSpan timeout, CancellationToken cancellationToken);

    /// <summary>The same client, its requests also paced by and counted in <paramref name="scope"/> (one run's share of the workspace).</summary>
    IGenieClient WithScope(Http.RequestScope scope);

    Task<GenieMessage> GetMessageAsync(string spaceId, string conversationId, string messageId, CancellationToken cancellationToken);

    IAsyncEnumerable<GenieConversationSummary> ListConversationsAsync(string spaceId, bool includeAll, CancellationToken cancellationToken);

    IAsyncEnumerable<GenieMessage> ListConversationMessagesAsync(string spaceId, string conversationId, CancellationToken cancellationToken);

    Task<GenieSpace> GetSpaceAsync(string spaceId, bool includeSerializedSpace, CancellationToken cancellationToken);

    IAsyncEnumerable<GenieSpace> ListSpacesAsync(CancellationToken cancellationToken);

    /// <summary>POST /spaces. Not retried after a timeout (it could create a duplicate).</summary>
    Task<GenieSpace> CreateSpaceAsync(GenieSpaceWrite space, CancellationToken cancellationToken);

    /// <summary>PATCH /spaces/{id}; only the non-null fields are sent; etag makes it fail if the space changed since.</summary>
    Task<GenieSpace> UpdateSpaceAsync(string spaceId, GenieSpaceWrite changes, CancellationToken cancellationToken);

    Task TrashSpaceAsync(string spaceId, CancellationToken cancellationToken);

    /// <summary>GET …/messages/{id}/comments, every page.</summary>
    IAsyncEnumerable<GenieMessageComment> ListMessageCommentsAsync(string spaceId, string conversationId, string messageId, CancellationToken cancellationToken);

    /// <summary>GET /spaces/{id}/eval-runs, every page.</summary>
    IAsyncEnumerable<GenieSpaceEvaluationRun> ListEvalRunsAsync(string spaceId, CancellationToken cancellationToken);

    /// <summary>GET /spaces/{id}/eval-runs/{run}/results, every page (list items: no assessment).</summary>
    IAsyncEnumerable<GenieEvalResult> ListEvalResultsAsync(string spaceId, string evalRunId, CancellationToken cancellationToken);

    /// <summary>GET /spaces/{id}/eval-runs/{run}/results/{result}: the result with its assessment.</summary>
    Task<GenieEvalResult> GetEvalResultAsync(string spaceId, string evalRunId, string resultId, CancellationToken cancellationToken);
}

using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using GenieObservability.Engine.Http;

namespace GenieObservability.Engine.Genie;

/// <summary>
/// The Genie REST API (contract §1.1) over <see cref="DatabricksApiClient"/>. Lists follow next_page_token internally
/// and stream page by page. Writes: create is a non-idempotent POST (not repeated after an ambiguous failure); an
/// update without etag is idempotent (it sets fields to values); an update with etag is not repeated after an
/// ambiguous failure, because a repeat of an applied update would fail on the changed etag; trash is idempotent.
/// </summary>
public sealed class GenieClient : IGenieClient
{
    private const string Base = "/api/2.0/genie";
    private const int ListPageSize = 100;

    private readonly DatabricksApiClient _api;

    public GenieClient(DatabricksApiClient api)
    {
        ArgumentNullException.ThrowIfNull(api);
        _api = api;
    }

    public Uri Host => _api.Host;

    public async Task ProbeAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var document = await _api.GetOnceAsync($"{Base}/spaces?page_size=1", timeout, cancellationToken).ConfigureAwait(false);
    }

    public IGenieClient WithScope(RequestScope scope) => new GenieClient(_api.WithScope(scope));

    public async Task<GenieMessage> GetMessageAsync(string spaceId, string conversationId, string messageId, CancellationToken cancellationToken)
    {
        var path = $"{ConversationPath(spaceId, conversationId)}/messages/{Segment(messageId, nameof(messageId))}";
        using var document = await _api.GetAsync(path, cancellationToken).ConfigureAwait(false);
        return GenieJsonMapper.ToMessage(document.RootElement, Host, spaceId, conversationId);
    }

    public async IAsyncEnumerable<GenieConversationSummary> ListConversationsAsync(string spaceId, bool includeAll, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var path = $"{Base}/spaces/{Segment(spaceId, nameof(spaceId))}/conversations?page_size={ListPageSize}{(includeAll ? "&include_all=true" : string.Empty)}";
        await foreach (var item in PagesAsync(path, "conversations", cancellationToken).ConfigureAwait(false))
        {
            yield return GenieJsonMapper.ToConversation(item, spaceId);
        }
    }

    public async IAsyncEnumerable<GenieMessage> ListConversationMessagesAsync(string spaceId, string conversationId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var path = $"{ConversationPath(spaceId, conversationId)}/messages?page_size={ListPageSize}";
        await foreach (var item in PagesAsync(path, "messages", cancellationToken).ConfigureAwait(false))
        {
            yield return GenieJsonMapper.ToMessage(item, Host, spaceId, conversationId);
        }
    }

    public async Task<GenieSpace> GetSpaceAsync(string spaceId, bool includeSerializedSpace, CancellationToken cancellationToken)
    {
        var path = $"{Base}/spaces/{Segment(spaceId, nameof(spaceId))}{(includeSerializedSpace ? "?include_serialized_space=true" : string.Empty)}";
        using var document = await _api.GetAsync(path, cancellationToken).ConfigureAwait(false);
        return GenieJsonMapper.ToSpace(document.RootElement, Host);
    }

    public async IAsyncEnumerable<GenieSpace> ListSpacesAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var item in PagesAsync($"{Base}/spaces?page_size={ListPageSize}", "spaces", cancellationToken).ConfigureAwait(false))
        {
            yield return GenieJsonMapper.ToSpace(item, Host);
        }
    }

    public async Task<GenieSpace> CreateSpaceAsync(GenieSpaceWrite space, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(space);
        if (string.IsNullOrWhiteSpace(space.WarehouseId) || string.IsNullOrWhiteSpace(space.SerializedSpace))
        {
            throw new ArgumentException("Creating a Genie space needs a warehouse id and a serialized space.", nameof(space));
        }

        using var document = await _api.SendAsync(HttpMethod.Post, $"{Base}/spaces", WriteBody(space, includeEtag: false), idempotent: false, cancellationToken).ConfigureAwait(false);
        return GenieJsonMapper.ToSpace(document.RootElement, Host);
    }

    public async Task<GenieSpace> UpdateSpaceAsync(string spaceId, GenieSpaceWrite changes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var path = $"{Base}/spaces/{Segment(spaceId, nameof(spaceId))}";
        var idempotent = string.IsNullOrEmpty(changes.Etag);
        using var document = await _api.SendAsync(HttpMethod.Patch, path, WriteBody(changes, includeEtag: true), idempotent, cancellationToken).ConfigureAwait(false);
        return GenieJsonMapper.ToSpace(document.RootElement, Host);
    }

    public async Task TrashSpaceAsync(string spaceId, CancellationToken cancellationToken)
    {
        var path = $"{Base}/spaces/{Segment(spaceId, nameof(spaceId))}";
        using var document = await _api.SendAsync(HttpMethod.Delete, path, null, idempotent: true, cancellationToken).ConfigureAwait(false);
    }

    public async IAsyncEnumerable<GenieMessageComment> ListMessageCommentsAsync(string spaceId, string conversationId, string messageId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var path = $"{ConversationPath(spaceId, conversationId)}/messages/{Segment(messageId, nameof(messageId))}/comments?page_size={ListPageSize}";
        await foreach (var item in PagesAsync(path, "comments", cancellationToken).ConfigureAwait(false))
        {
            yield return GenieJsonMapper.ToComment(item, spaceId, conversationId, messageId);
        }
    }

    public async IAsyncEnumerable<GenieSpaceEvaluationRun> ListEvalRunsAsync(string spaceId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var item in PagesAsync($"{EvalRunsPath(spaceId)}?page_size={ListPageSize}", "eval_runs", cancellationToken).ConfigureAwait(false))
        {
            yield return GenieJsonMapper.ToEvalRun(item, spaceId);
        }
    }

    public async IAsyncEnumerable<GenieEvalResult> ListEvalResultsAsync(string spaceId, string evalRunId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var path = $"{EvalRunsPath(spaceId)}/{Segment(evalRunId, nameof(evalRunId))}/results?page_size={ListPageSize}";
        await foreach (var item in PagesAsync(path, "eval_results", cancellationToken).ConfigureAwait(false))
        {
            yield return GenieJsonMapper.ToEvalResult(item, spaceId);
        }
    }

    public async Task<GenieEvalResult> GetEvalResultAsync(string spaceId, string evalRunId, string resultId, CancellationToken cancellationToken)
    {
        var path = $"{EvalRunsPath(spaceId)}/{Segment(evalRunId, nameof(evalRunId))}/results/{Segment(resultId, nameof(resultId))}";
        using var document = await _api.GetAsync(path, cancellationToken).ConfigureAwait(false);
        return GenieJsonMapper.ToEvalResult(document.RootElement, spaceId);
    }

    /// <summary>Yields the items of every page; each page is fetched only when the previous one has been consumed.</summary>
    private async IAsyncEnumerable<JsonElement> PagesAsync(string firstPath, string itemsProperty, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var seenTokens = new HashSet<string>(StringComparer.Ordinal);
        string? pageToken = null;
        do
        {
            var path = pageToken is null ? firstPath : $"{firstPath}&page_token={Uri.EscapeDataString(pageToken)}";
            using var document = await _api.GetAsync(path, cancellationToken).ConfigureAwait(false);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new GenieApiException(GenieApiErrorType.InvalidResponse, $"GET {DatabricksApiClient.PathOnly(path)} returned JSON that is not an object.", 200, method: "GET", path: DatabricksApiClient.PathOnly(path));
            }

            if (root.TryGetProperty(itemsProperty, out var items) && items.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in items.EnumerateArray())
                {
                    // Cloned so the caller may keep it after the page's document is disposed.
                    yield return item.Clone();
                }
            }

            pageToken = GenieJsonMapper.String(root, "next_page_token");
            if (string.IsNullOrEmpty(pageToken))
            {
                pageToken = null;
            }
            else if (!seenTokens.Add(pageToken))
            {
                throw new GenieApiException(GenieApiErrorType.InvalidResponse, $"GET {DatabricksApiClient.PathOnly(path)} returned a page token it had returned before; stopping instead of looping forever.", 200, method: "GET", path: DatabricksApiClient.PathOnly(path));
            }
        }
        while (pageToken is not null);
    }

    private static string EvalRunsPath(string spaceId) => $"{Base}/spaces/{Segment(spaceId, nameof(spaceId))}/eval-runs";

    private static string ConversationPath(string spaceId, string conversationId) =>
        $"{Base}/spaces/{Segment(spaceId, nameof(spaceId))}/conversations/{Segment(conversationId, nameof(conversationId))}";

    private static string Segment(string value, string name)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException($"{name} must not be empty.", name);
        }

        return Uri.EscapeDataString(value.Trim());
    }

    private static string WriteBody(GenieSpaceWrite space, bool includeEtag)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            WriteIfSet(writer, "title", space.Title);
            WriteIfSet(writer, "description", space.Description);
            WriteIfSet(writer, "warehouse_id", space.WarehouseId);
            WriteIfSet(writer, "parent_path", space.ParentPath);
            WriteIfSet(writer, "serialized_space", space.SerializedSpace);
            if (includeEtag)
            {
                WriteIfSet(writer, "etag", space.Etag);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteIfSet(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }
}

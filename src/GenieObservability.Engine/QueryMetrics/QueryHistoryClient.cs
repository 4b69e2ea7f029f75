using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using GenieObservability.Engine.Genie;
using GenieObservability.Engine.Http;

namespace GenieObservability.Engine.QueryMetrics;

/// <summary>
/// GET /api/2.0/sql/history/queries filtered by statement ids, with metrics (contract-2026 §6; GO ListQueryHistoryRequest
/// and QueryFilter). Parameters go in the query string in dot notation, one filter_by.statement_ids per id, as the SDKs
/// send them; every page repeats the filter with the page_token. The API documents no maximum number of statement ids;
/// max_results must be below 1000, so a request carries at most 999 ids and asks for as many results, which answers a
/// batch in one page when every statement is found.
/// </summary>
public sealed class QueryHistoryClient
{
    public const string Path = "/api/2.0/sql/history/queries";
    public const string Finished = "FINISHED";
    public const string Failed = "FAILED";
    public const string Canceled = "CANCELED";

    /// <summary>"max_results: Must be less than 1000" (GO ListQueryHistoryRequest).</summary>
    public const int MaxStatementsPerRequest = 999;

    /// <summary>
    /// The default: 100 ids (the API's default page size; include_metrics is meant "for a small subset of queries") give a
    /// query string of about 6 KB, below the 8 KB request line that common front ends accept.
    /// </summary>
    public const int DefaultStatementsPerRequest = 100;

    /// <summary>Ids stop being added to a request beyond this query-string length, whatever the batch size.</summary>
    public const int MaxQueryStringLength = 7_000;

    private readonly DatabricksApiClient _api;

    public QueryHistoryClient(DatabricksApiClient api)
    {
        ArgumentNullException.ThrowIfNull(api);
        _api = api;
    }

    /// <summary>Requests sent so far by this client (pages included).</summary>
    public int Requests => _requests;

    private int _requests;

    /// <summary>Query-string length of the filter for <paramref name="statementIds"/>, to keep a request within <see cref="MaxQueryStringLength"/>.</summary>
    public static int FilterLength(string statementId) => "filter_by.statement_ids=".Length + Uri.EscapeDataString(statementId).Length + 1;

    /// <summary>The history entries of <paramref name="statementIds"/> that the API knows, page by page.</summary>
    public async IAsyncEnumerable<QueryHistoryEntry> ListAsync(IReadOnlyList<string> statementIds, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(statementIds);
        if (statementIds.Count == 0)
        {
            yield break;
        }

        if (statementIds.Count > MaxStatementsPerRequest)
        {
            throw new ArgumentException($"At most {MaxStatementsPerRequest} statement ids per request.", nameof(statementIds));
        }

        var query = new StringBuilder(statementIds.Count * 64);
        foreach (var id in statementIds)
        {
            query.Append("filter_by.statement_ids=").Append(Uri.EscapeDataString(id)).Append('&');
        }

        query.Append("include_metrics=true&max_results=").Append(statementIds.Count.ToString(CultureInfo.InvariantCulture));
        var firstPath = Path + "?" + query;
        var seenTokens = new HashSet<string>(StringComparer.Ordinal);
        string? pageToken = null;
        do
        {
            // The token may hold '+', which must travel as %2B.
            var path = pageToken is null ? firstPath : $"{firstPath}&page_token={Uri.EscapeDataString(pageToken)}";
            Interlocked.Increment(ref _requests);
            using var document = await _api.GetAsync(path, cancellationToken).ConfigureAwait(false);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new GenieApiException(GenieApiErrorType.InvalidResponse, $"GET {Path} returned JSON that is not an object.", 200, method: "GET", path: Path);
            }

            if (root.TryGetProperty("res", out var items) && items.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in items.EnumerateArray())
                {
                    if (ToEntry(item) is { } entry)
                    {
                        yield return entry;
                    }
                }
            }

            pageToken = GenieJsonMapper.String(root, "next_page_token");
            var hasNext = !root.TryGetProperty("has_next_page", out var flag) || flag.ValueKind != JsonValueKind.False;
            if (string.IsNullOrEmpty(pageToken) || !hasNext)
            {
                pageToken = null;
            }
            else if (!seenTokens.Add(pageToken))
            {
                throw new GenieApiException(GenieApiErrorType.InvalidResponse, $"GET {Path} returned a page token it had returned before; stopping instead of looping forever.", 200, method: "GET", path: Path);
            }
        }
        while (pageToken is not null);
    }

    /// <summary>
    /// One QueryInfo. Durations prefer metrics (total_time_ms, execution_time_ms, compilation_time_ms) and fall back to
    /// duration; the queue time is from the earliest queue start (provisioning or overloading) to compilation start,
    /// and 0 when metrics name no queue start.
    /// </summary>
    public static QueryHistoryEntry? ToEntry(JsonElement json)
    {
        if (GenieJsonMapper.String(json, "query_id") is not { Length: > 0 } id)
        {
            return null;
        }

        var metrics = json.TryGetProperty("metrics", out var m) && m.ValueKind == JsonValueKind.Object ? m : (JsonElement?)null;
        long? Metric(string name) => metrics is { } value ? GenieJsonMapper.Int64(value, name) : null;
        long? queue = null;
        if (metrics is not null)
        {
            var queueStart = Min(Metric("provisioning_queue_start_timestamp"), Metric("overloading_queue_start_timestamp"));
            var compilationStart = Metric("query_compilation_start_timestamp");
            queue = queueStart is { } start && compilationStart is { } end ? Math.Max(0, end - start) : queueStart is null ? 0 : null;
        }

        return new QueryHistoryEntry
        {
            StatementId = id,
            Status = GenieJsonMapper.String(json, "status"),
            TotalDurationMs = Metric("total_time_ms") ?? GenieJsonMapper.Int64(json, "duration"),
            ExecutionDurationMs = Metric("execution_time_ms"),
            CompilationDurationMs = Metric("compilation_time_ms"),
            QueueDurationMs = queue,
            RowsProduced = Metric("rows_produced_count") ?? GenieJsonMapper.Int64(json, "rows_produced"),
            BytesRead = Metric("read_bytes"),
            FromResultCache = metrics is { } values && values.TryGetProperty("result_from_cache", out var cache) && cache.ValueKind is JsonValueKind.True or JsonValueKind.False ? cache.GetBoolean() : null,
            WarehouseId = GenieJsonMapper.String(json, "warehouse_id") ?? GenieJsonMapper.String(json, "endpoint_id"),
            ErrorMessage = GenieJsonMapper.String(json, "error_message"),
            StartTime = Epoch(GenieJsonMapper.Int64(json, "query_start_time_ms")),
            EndTime = Epoch(GenieJsonMapper.Int64(json, "execution_end_time_ms") ?? GenieJsonMapper.Int64(json, "query_end_time_ms")),
        };
    }

    private static long? Min(long? a, long? b) => a is null ? b : b is null ? a : Math.Min(a.Value, b.Value);

    private static DateTimeOffset? Epoch(long? ms) => ms is > 0 and < 253402300800000 ? DateTimeOffset.FromUnixTimeMilliseconds(ms.Value) : null;
}

using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GenieObservability.Emulator;

/// <summary>
/// The SQL query history of the emulated workspace (contract-2026 §6): QueryInfo objects kept as seeded, keyed by
/// query_id (the statement id). A statement is in history once it is added (seed key "queryHistory", or
/// POST /_emulator/sql/history), which is how tests make history arrive late. Thread-safe.
/// </summary>
public sealed class QueryHistoryStore
{
    private readonly ConcurrentDictionary<string, string> _entries = new(StringComparer.Ordinal);

    public int Count => _entries.Count;

    /// <summary>At most this many entries per page whatever max_results asks (a server may send fewer); null = no cap.</summary>
    public int? PageCap { get; set; }

    public void LoadSeed(JsonElement seed)
    {
        if (seed.TryGetProperty("queryHistory", out var entries) && entries.ValueKind == JsonValueKind.Array)
        {
            foreach (var entry in entries.EnumerateArray())
            {
                Upsert(entry);
            }
        }
    }

    /// <summary>Adds or replaces one QueryInfo; it needs a query_id.</summary>
    public JsonObject Upsert(JsonElement json)
    {
        var id = json.TryGetProperty("query_id", out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        if (string.IsNullOrEmpty(id))
        {
            throw new ArgumentException("A query history entry needs query_id.");
        }

        _entries[id] = json.GetRawText();
        return JsonNode.Parse(_entries[id])!.AsObject();
    }

    /// <summary>The entries matching the filter, most recently started first (as the API lists them).</summary>
    public IReadOnlyList<JsonObject> List(QueryHistoryFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        IEnumerable<string> texts = filter.StatementIds.Count > 0
            ? filter.StatementIds.Distinct(StringComparer.Ordinal).Select(id => _entries.GetValueOrDefault(id)).OfType<string>()
            : _entries.Values;
        return texts
            .Select(text => JsonNode.Parse(text)!.AsObject())
            .Where(filter.Matches)
            .OrderByDescending(e => (long?)e["query_start_time_ms"] ?? 0)
            .ThenBy(e => (string?)e["query_id"], StringComparer.Ordinal)
            .ToList();
    }
}

/// <summary>The filter_by of a list request, as the query string carries it in dot notation.</summary>
public sealed record QueryHistoryFilter
{
    public IReadOnlyList<string> StatementIds { get; init; } = [];

    public IReadOnlyList<string> WarehouseIds { get; init; } = [];

    public IReadOnlyList<long> UserIds { get; init; } = [];

    public IReadOnlyList<string> Statuses { get; init; } = [];

    public long? StartTimeMs { get; init; }

    public long? EndTimeMs { get; init; }

    public bool Matches(JsonObject entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var warehouse = (string?)entry["warehouse_id"] ?? (string?)entry["endpoint_id"];
        var start = (long?)entry["query_start_time_ms"];
        return (WarehouseIds.Count == 0 || (warehouse is not null && WarehouseIds.Contains(warehouse)))
            && (UserIds.Count == 0 || ((long?)entry["user_id"] is { } user && UserIds.Contains(user)))
            && (Statuses.Count == 0 || ((string?)entry["status"] is { } status && Statuses.Contains(status)))
            && (StartTimeMs is null || (start is not null && start >= StartTimeMs))
            && (EndTimeMs is null || (start is not null && start <= EndTimeMs));
    }
}

using System.Globalization;
using GenieObservability.Engine.Schema;
using GenieObservability.Engine.Spaces.Content;
using GenieObservability.Engine.Warehouse;

namespace GenieObservability.Engine.Spaces.Sync;

/// <summary>
/// genie_space_details in the warehouse: reads the last stored state of spaces and merges sync outcomes. A good fetch
/// writes every column; any other outcome writes only the status, error, deletion and ingestion columns, so the last
/// good title, description, warehouse and serialized_space survive (the original job MERGEd NULLs over them). A space
/// found deleted keeps its row for good, with deleted_at set.
/// </summary>
public sealed class SpaceDetailsStore
{
    public static readonly IReadOnlyList<string> Key = ["workspace_id", "space_id"];

    public static readonly IReadOnlyList<string> AllColumns =
    [
        "workspace_id", "workspace_url", "space_id", "title", "description", "warehouse_id", "parent_path", "etag",
        "create_time", "update_time", "serialized_space", "content_hash", "api_fetch_status", "api_fetch_error",
        "last_success_at", "ingestion_batch_id", "ingestion_timestamp", "deleted_at",
    ];

    public static readonly IReadOnlyList<string> StatusColumns =
    [
        "workspace_id", "workspace_url", "space_id", "api_fetch_status", "api_fetch_error", "ingestion_batch_id", "ingestion_timestamp", "deleted_at",
    ];

    private readonly IWarehouse _warehouse;
    private string? _selectList;

    public SpaceDetailsStore(IWarehouse warehouse)
    {
        ArgumentNullException.ThrowIfNull(warehouse);
        _warehouse = warehouse;
    }

    /// <summary>
    /// Creates genie_space_details (and its schema) when missing, and adds the columns a table made by an earlier version
    /// lacks (deleted_at); the other tables are left to their owners.
    /// </summary>
    public async Task EnsureTableAsync(CancellationToken cancellationToken)
    {
        await ObservabilitySchema.EnsureTableAsync(_warehouse, ObservabilityTables.SpaceDetails, cancellationToken).ConfigureAwait(false);
        _selectList = null;
    }

    /// <summary>The stored rows of the given spaces (one SELECT), keyed by (workspace_id, space_id).</summary>
    public async Task<Dictionary<(string WorkspaceId, string SpaceId), GenieSpaceDetail>> ReadAsync(IReadOnlyCollection<(string WorkspaceId, string SpaceId)> keys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var rows = new Dictionary<(string, string), GenieSpaceDetail>();
        if (keys.Count == 0)
        {
            return rows;
        }

        var parameters = new Dictionary<string, object?>(StringComparer.Ordinal);
        var conditions = new List<string>(keys.Count);
        var index = 0;
        foreach (var (workspaceId, spaceId) in keys)
        {
            parameters["w" + index.ToString(CultureInfo.InvariantCulture)] = workspaceId;
            parameters["s" + index.ToString(CultureInfo.InvariantCulture)] = spaceId;
            conditions.Add(string.Create(CultureInfo.InvariantCulture, $"(workspace_id = :w{index} AND space_id = :s{index})"));
            index++;
        }

        var sql = $"SELECT {await SelectListAsync(cancellationToken).ConfigureAwait(false)} FROM {_warehouse.Tables.SpaceDetails} WHERE {string.Join(" OR ", conditions)}";
        await foreach (var row in _warehouse.QueryAsync(sql, parameters, cancellationToken).ConfigureAwait(false))
        {
            var detail = FromRow(row);
            rows[(detail.WorkspaceId, detail.SpaceId)] = detail;
        }

        return rows;
    }

    /// <summary>Every stored space, optionally filtered (Export-GenieSpaceBackup -FromWarehouse).</summary>
    public async IAsyncEnumerable<GenieSpaceDetail> ReadAllAsync(IReadOnlyCollection<string>? workspaceIds, IReadOnlyCollection<string>? spaceIds, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var parameters = new Dictionary<string, object?>(StringComparer.Ordinal);
        var where = new List<string>();
        AddInFilter("workspace_id", "w", workspaceIds, parameters, where);
        AddInFilter("space_id", "s", spaceIds, parameters, where);
        var sql = $"SELECT {await SelectListAsync(cancellationToken).ConfigureAwait(false)} FROM {_warehouse.Tables.SpaceDetails}"
            + (where.Count > 0 ? " WHERE " + string.Join(" AND ", where) : string.Empty)
            + " ORDER BY workspace_id, space_id";
        await foreach (var row in _warehouse.QueryAsync(sql, parameters, cancellationToken).ConfigureAwait(false))
        {
            yield return FromRow(row);
        }
    }

    /// <summary>Merges good fetches (all columns) and the others (status columns only); returns the statements sent.</summary>
    public async Task<int> MergeAsync(IReadOnlyList<GenieSpaceDetail> outcomes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        var statements = 0;
        var good = outcomes.Where(o => o.FetchStatus == GenieSpaceFetchStatus.Ok).Select(FullRow).ToList();
        if (good.Count > 0)
        {
            statements += await _warehouse.UpsertAsync(_warehouse.Tables.SpaceDetails, Key, AllColumns, good, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        var other = outcomes.Where(o => o.FetchStatus != GenieSpaceFetchStatus.Ok).Select(StatusRow).ToList();
        if (other.Count > 0)
        {
            statements += await _warehouse.UpsertAsync(_warehouse.Tables.SpaceDetails, Key, StatusColumns, other, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        return statements;
    }

    /// <summary>
    /// Every column, reading a column a warehouse of an earlier version does not have yet as NULL (a read never alters a
    /// table; the next sync or Install-GenieObservabilitySchema adds the column).
    /// </summary>
    private async Task<string> SelectListAsync(CancellationToken cancellationToken)
    {
        if (_selectList is null)
        {
            var later = ObservabilityTables.SpaceDetails.Columns.Where(c => c.AddedLater).Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
            var present = later.Count == 0 ? null : await ObservabilitySchema.TableColumnsAsync(_warehouse, ObservabilityTables.SpaceDetails.Name, cancellationToken).ConfigureAwait(false);
            _selectList = string.Join(", ", AllColumns.Select(c => present is null || !later.Contains(c) || present.Contains(c) ? c : "NULL AS " + c));
        }

        return _selectList;
    }

    private static object?[] FullRow(GenieSpaceDetail d) =>
    [
        d.WorkspaceId, d.WorkspaceUrl, d.SpaceId, d.Title, d.Description, d.WarehouseId, d.ParentPath, d.Etag,
        d.CreateTime, d.UpdateTime, d.SerializedSpace, d.ContentHash, d.FetchStatus, d.FetchError,
        d.LastSuccessAt, d.IngestionBatchId, d.IngestionTimestamp, d.DeletedAt,
    ];

    private static object?[] StatusRow(GenieSpaceDetail d) =>
        [d.WorkspaceId, d.WorkspaceUrl, d.SpaceId, d.FetchStatus, d.FetchError, d.IngestionBatchId, d.IngestionTimestamp, d.DeletedAt];

    /// <summary>Adds <c>column IN (:p0, :p1...)</c> to <paramref name="where"/> with one parameter per value; nothing for no values.</summary>
    internal static void AddInFilter(string column, string prefix, IReadOnlyCollection<string>? values, Dictionary<string, object?> parameters, List<string> where)
    {
        if (values is null || values.Count == 0)
        {
            return;
        }

        var names = new List<string>();
        foreach (var value in values)
        {
            var name = prefix + parameters.Count.ToString(CultureInfo.InvariantCulture);
            parameters[name] = value;
            names.Add(":" + name);
        }

        where.Add($"{column} IN ({string.Join(", ", names)})");
    }

    private static GenieSpaceDetail FromRow(SqlRow row)
    {
        var serialized = row.GetString("serialized_space");
        return new GenieSpaceDetail
        {
            WorkspaceId = row.GetString("workspace_id") ?? string.Empty,
            WorkspaceUrl = row.GetString("workspace_url"),
            SpaceId = row.GetString("space_id") ?? string.Empty,
            Title = row.GetString("title"),
            Description = row.GetString("description"),
            WarehouseId = row.GetString("warehouse_id"),
            ParentPath = row.GetString("parent_path"),
            Etag = row.GetString("etag"),
            CreateTime = row.GetTimestamp("create_time"),
            UpdateTime = row.GetTimestamp("update_time"),
            SerializedSpace = serialized,
            SerializedSpaceJson = CanonicalOrNull(serialized),
            ContentHash = row.GetString("content_hash"),
            FetchStatus = row.GetString("api_fetch_status") ?? GenieSpaceFetchStatus.Failed,
            FetchError = row.GetString("api_fetch_error"),
            LastSuccessAt = row.GetTimestamp("last_success_at"),
            IngestionBatchId = row.GetString("ingestion_batch_id"),
            IngestionTimestamp = row.GetTimestamp("ingestion_timestamp"),
            DeletedAt = row.GetTimestamp("deleted_at"),
        };
    }

    internal static string? CanonicalOrNull(string? serialized)
    {
        try
        {
            return SpaceContent.ParseSerializedSpace(serialized) is { } node ? CanonicalJson.Format(node) : null;
        }
        catch (GenieObservabilityException)
        {
            return null;
        }
    }
}

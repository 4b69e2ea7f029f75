using GenieObservability.Engine.Genie;
using GenieObservability.Engine.Warehouse;

namespace GenieObservability.Engine.Ingestion;

/// <summary>
/// space_name for message rows: read once per workspace from genie_space_details, else one GET space per space for
/// the whole run (a failed GET leaves the name empty rather than failing the message). Used by the single writer.
/// </summary>
internal sealed class SpaceNameCache(IWarehouse warehouse, Func<Uri, IGenieClient> clients, IOperationLog log)
{
    private readonly Dictionary<string, Dictionary<string, string?>> _byWorkspace = new(StringComparer.Ordinal);

    public async Task ResolveAsync(IEnumerable<MessageFetchItem> items, Action countStatement, CancellationToken cancellationToken)
    {
        var missing = new Dictionary<(string WorkspaceId, string SpaceId), MessageFetchItem>();
        foreach (var item in items)
        {
            var names = await NamesOfAsync(item.WorkspaceId, countStatement, cancellationToken).ConfigureAwait(false);
            if (!names.ContainsKey(item.SpaceId))
            {
                missing.TryAdd((item.WorkspaceId, item.SpaceId), item);
            }
        }

        var lookups = missing.Values.Select(async item => (item, title: await TitleFromApiAsync(item, cancellationToken).ConfigureAwait(false)));
        foreach (var (item, title) in await Task.WhenAll(lookups).ConfigureAwait(false))
        {
            _byWorkspace[item.WorkspaceId][item.SpaceId] = title;
        }
    }

    public string? NameOf(MessageFetchItem item) =>
        _byWorkspace.TryGetValue(item.WorkspaceId, out var names) && names.TryGetValue(item.SpaceId, out var name) ? name : null;

    private async Task<Dictionary<string, string?>> NamesOfAsync(string workspaceId, Action countStatement, CancellationToken cancellationToken)
    {
        if (_byWorkspace.TryGetValue(workspaceId, out var names))
        {
            return names;
        }

        names = new Dictionary<string, string?>(StringComparer.Ordinal);
        var sql = $"SELECT space_id, title FROM {warehouse.Tables.SpaceDetails} WHERE workspace_id = :workspace_id AND title IS NOT NULL";
        countStatement();
        await foreach (var row in warehouse.QueryAsync(sql, new Dictionary<string, object?> { ["workspace_id"] = workspaceId }, cancellationToken).ConfigureAwait(false))
        {
            if (row["space_id"] is string spaceId)
            {
                names[spaceId] = row["title"] as string;
            }
        }

        _byWorkspace[workspaceId] = names;
        return names;
    }

    private async Task<string?> TitleFromApiAsync(MessageFetchItem item, CancellationToken cancellationToken)
    {
        try
        {
            var space = await clients(item.WorkspaceUrl).GetSpaceAsync(item.SpaceId, includeSerializedSpace: false, cancellationToken).ConfigureAwait(false);
            return space.Title;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            log.Verbose($"Space {item.SpaceId} in workspace {item.WorkspaceId}: no title ({FetchFailure.From(ex).ErrorType}); space_name left empty.");
            return null;
        }
    }
}

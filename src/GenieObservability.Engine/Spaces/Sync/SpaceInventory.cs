using System.Globalization;
using System.Runtime.CompilerServices;
using GenieObservability.Engine.Genie;
using GenieObservability.Engine.Schema;
using GenieObservability.Engine.Warehouse;

namespace GenieObservability.Engine.Spaces.Sync;

/// <summary>
/// Which spaces a sync fetches. <see cref="FromSilverAsync"/>: the spaces people asked something in (the silver table
/// genie_messages_to_fetch). <see cref="EverySpaceAsync"/>: those, plus every space each workspace lists (paged),
/// idle ones included, plus every space genie_space_details knows that is not marked deleted, so a space that
/// disappeared is fetched once more and found gone (404). The workspaces are the connected one and every one the
/// silver table or genie_space_details names.
/// </summary>
public sealed class SpaceInventory
{
    private readonly IWarehouse _warehouse;
    private readonly Func<Uri, IGenieClient> _clientFor;
    private readonly Uri? _defaultHost;
    private readonly IOperationLog _log;

    public SpaceInventory(IWarehouse warehouse, Func<Uri, IGenieClient> clientFor, Uri? defaultHost, IOperationLog? log = null)
    {
        ArgumentNullException.ThrowIfNull(warehouse);
        ArgumentNullException.ThrowIfNull(clientFor);
        _warehouse = warehouse;
        _clientFor = clientFor;
        _defaultHost = defaultHost;
        _log = log ?? NullOperationLog.Instance;
    }

    /// <summary>Every distinct (workspace, space) in genie_messages_to_fetch, optionally filtered.</summary>
    public async IAsyncEnumerable<SpaceSyncTarget> FromSilverAsync(IReadOnlyCollection<string>? workspaceIds, IReadOnlyCollection<string>? spaceIds, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var existing = await ObservabilitySchema.ExistingTablesAsync(_warehouse, cancellationToken).ConfigureAwait(false);
        if (existing is null || !existing.Contains("genie_messages_to_fetch"))
        {
            throw new GenieObservabilityException(
                $"{_warehouse.Tables.MessagesToFetch} does not exist yet: run Invoke-GeniePipelineRefresh first, pass -AllSpaces, or pipe the spaces to sync (e.g. Get-GenieSpace | Sync-GenieSpaceDetails).",
                "NoMessagesToFetchTable",
                GenieErrorCategory.ObjectNotFound);
        }

        await foreach (var target in ReadSilverAsync(workspaceIds, spaceIds, cancellationToken).ConfigureAwait(false))
        {
            yield return target;
        }
    }

    /// <summary>
    /// Every space of every known workspace (see the class summary). A workspace whose list cannot be read gets one
    /// warning and its known spaces are still fetched; the others go on.
    /// </summary>
    public async IAsyncEnumerable<SpaceSyncTarget> EverySpaceAsync(IReadOnlyCollection<string>? workspaceIds, IReadOnlyCollection<string>? spaceIds, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var target in EveryKnownSpaceAsync(workspaceIds, cancellationToken).ConfigureAwait(false))
        {
            if (spaceIds is not { Count: > 0 } || spaceIds.Contains(target.SpaceId, StringComparer.Ordinal))
            {
                yield return target;
            }
        }
    }

    private async IAsyncEnumerable<SpaceSyncTarget> EveryKnownSpaceAsync(IReadOnlyCollection<string>? workspaceIds, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var existing = await ObservabilitySchema.ExistingTablesAsync(_warehouse, cancellationToken).ConfigureAwait(false) ?? [];
        var workspaces = await KnownWorkspacesAsync(existing, cancellationToken).ConfigureAwait(false);
        var wanted = workspaces.Where(w => workspaceIds is not { Count: > 0 } || workspaceIds.Contains(w.Value, StringComparer.Ordinal)).ToList();
        var seen = new HashSet<(string, string)>();

        if (existing.Contains("genie_messages_to_fetch"))
        {
            await foreach (var target in ReadSilverAsync(workspaceIds, null, cancellationToken).ConfigureAwait(false))
            {
                if (seen.Add((target.WorkspaceId, target.SpaceId)))
                {
                    yield return target;
                }
            }
        }

        foreach (var (url, workspaceId) in wanted)
        {
            var host = new Uri(url);
            var listed = _clientFor(host).ListSpacesAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
            try
            {
                while (true)
                {
                    try
                    {
                        if (!await listed.MoveNextAsync().ConfigureAwait(false))
                        {
                            break;
                        }
                    }
                    catch (GenieApiException ex) when (ex.ErrorType != GenieApiErrorType.AuthError)
                    {
                        _log.Warning($"The spaces of workspace {workspaceId} ({url}) could not be listed ({ex.ErrorType} {ex.HttpStatus}): only the spaces already known there are synced. {ex.Message}");
                        break;
                    }

                    if (seen.Add((workspaceId, listed.Current.SpaceId)))
                    {
                        yield return new SpaceSyncTarget(workspaceId, host, listed.Current.SpaceId);
                    }
                }
            }
            finally
            {
                await listed.DisposeAsync().ConfigureAwait(false);
            }
        }

        if (existing.Contains("genie_space_details"))
        {
            var store = new SpaceDetailsStore(_warehouse);
            await foreach (var known in store.ReadAllAsync(wanted.Select(w => w.Value).ToList(), null, cancellationToken).ConfigureAwait(false))
            {
                if (!known.IsDeleted && seen.Add((known.WorkspaceId, known.SpaceId)))
                {
                    yield return new SpaceSyncTarget(known.WorkspaceId, Uri.TryCreate(known.WorkspaceUrl, UriKind.Absolute, out var url) ? url : null, known.SpaceId);
                }
            }
        }
    }

    /// <summary>
    /// Gives piped spaces without a workspace id the id the tables already use for their workspace URL (the audit log's
    /// numeric id), so one space keeps one row whichever way it is synced; the host-derived id only for a workspace the
    /// tables do not know.
    /// </summary>
    public async IAsyncEnumerable<SpaceSyncTarget> WithWorkspaceIdsAsync(IEnumerable<SpaceSyncTarget> targets, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(targets);
        Dictionary<string, string>? known = null;
        foreach (var target in targets)
        {
            if (target.WorkspaceId.Length > 0)
            {
                yield return target;
                continue;
            }

            var host = target.WorkspaceUrl ?? _defaultHost;
            if (host is null)
            {
                yield return target;
                continue;
            }

            known ??= await KnownWorkspacesAsync(await ObservabilitySchema.ExistingTablesAsync(_warehouse, cancellationToken).ConfigureAwait(false) ?? [], cancellationToken).ConfigureAwait(false);
            yield return target with { WorkspaceId = known.TryGetValue(Authority(host), out var id) ? id : SpaceSyncTarget.WorkspaceIdFromHost(host) };
        }
    }

    /// <summary>Workspace URL → workspace id: from the silver table, then genie_space_details, then the connected host.</summary>
    private async Task<Dictionary<string, string>> KnownWorkspacesAsync(HashSet<string> existing, CancellationToken cancellationToken)
    {
        var workspaces = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (existing.Contains("genie_messages_to_fetch"))
        {
            await AddWorkspacesAsync(workspaces, _warehouse.Tables.MessagesToFetch, cancellationToken).ConfigureAwait(false);
        }

        if (existing.Contains("genie_space_details"))
        {
            await AddWorkspacesAsync(workspaces, _warehouse.Tables.SpaceDetails, cancellationToken).ConfigureAwait(false);
        }

        if (_defaultHost is not null)
        {
            workspaces.TryAdd(Authority(_defaultHost), SpaceSyncTarget.WorkspaceIdFromHost(_defaultHost));
        }

        return workspaces;
    }

    private async IAsyncEnumerable<SpaceSyncTarget> ReadSilverAsync(IReadOnlyCollection<string>? workspaceIds, IReadOnlyCollection<string>? spaceIds, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var parameters = new Dictionary<string, object?>(StringComparer.Ordinal);
        var where = new List<string> { "space_id IS NOT NULL", "space_id <> ''", "space_id <> 'new'" };
        SpaceDetailsStore.AddInFilter("workspace_id", "w", workspaceIds, parameters, where);
        SpaceDetailsStore.AddInFilter("space_id", "s", spaceIds, parameters, where);
        var sql = $"SELECT workspace_id, space_id, MAX(workspace_url) AS workspace_url FROM {_warehouse.Tables.MessagesToFetch} WHERE {string.Join(" AND ", where)} GROUP BY workspace_id, space_id ORDER BY workspace_id, space_id";
        await foreach (var row in _warehouse.QueryAsync(sql, parameters, cancellationToken).ConfigureAwait(false))
        {
            var url = row["workspace_url"] as string;
            yield return new SpaceSyncTarget(
                Convert.ToString(row["workspace_id"], CultureInfo.InvariantCulture) ?? string.Empty,
                Uri.TryCreate(url, UriKind.Absolute, out var parsed) ? parsed : null,
                (string)row["space_id"]!);
        }
    }

    /// <summary>The (workspace URL → workspace id) pairs a table names; the first id seen for a URL wins.</summary>
    private async Task AddWorkspacesAsync(Dictionary<string, string> workspaces, string table, CancellationToken cancellationToken)
    {
        var sql = $"SELECT DISTINCT workspace_id, workspace_url FROM {table} WHERE workspace_url IS NOT NULL ORDER BY workspace_id, workspace_url";
        await foreach (var row in _warehouse.QueryAsync(sql, null, cancellationToken).ConfigureAwait(false))
        {
            if (Uri.TryCreate(row["workspace_url"] as string, UriKind.Absolute, out var url))
            {
                workspaces.TryAdd(Authority(url), Convert.ToString(row["workspace_id"], CultureInfo.InvariantCulture) ?? string.Empty);
            }
        }
    }

    private static string Authority(Uri url) => url.GetLeftPart(UriPartial.Authority).ToLowerInvariant();
}

using System.Runtime.CompilerServices;
using GenieObservability.Engine.Genie;
using GenieObservability.Engine.Spaces.Backup;
using GenieObservability.Engine.Spaces.Content;
using GenieObservability.Engine.Spaces.Sync;

namespace GenieObservability.Engine.Spaces.Drift;

/// <summary>
/// Compares the live spaces of one workspace with their backups (either format), GETs only: one list of the
/// workspace's spaces (paged), then one GET with the serialized space per backup. Yields one
/// <see cref="GenieSpaceDrift"/> per space as soon as it is known: the backups in the order given, then the live
/// spaces that have none. Backups of other workspaces (by URL or workspace id) are left out.
/// </summary>
public sealed class SpaceDriftComparer
{
    private readonly IGenieClient _live;
    private readonly IOperationLog _log;

    public SpaceDriftComparer(IGenieClient live, IOperationLog? log = null)
    {
        ArgumentNullException.ThrowIfNull(live);
        _live = live;
        _log = log ?? NullOperationLog.Instance;
    }

    /// <summary>How many spaces are fetched at once; results still come out in order.</summary>
    public int ThrottleLimit { get; init; } = 4;

    /// <summary>True when the backup says it comes from this workspace, or does not say where it comes from.</summary>
    public bool BelongsHere(SpaceBackupDocument backup)
    {
        ArgumentNullException.ThrowIfNull(backup);
        if (!string.IsNullOrEmpty(backup.WorkspaceUrl) && Uri.TryCreate(backup.WorkspaceUrl, UriKind.Absolute, out var url))
        {
            return string.Equals(url.GetLeftPart(UriPartial.Authority), _live.Host.GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase);
        }

        return string.IsNullOrEmpty(backup.WorkspaceId) || backup.WorkspaceId == SpaceSyncTarget.WorkspaceIdFromHost(_live.Host);
    }

    public async IAsyncEnumerable<GenieSpaceDrift> CompareAsync(IReadOnlyList<SpaceBackupDocument> backups, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(backups);
        var here = backups.Where(BelongsHere).ToList();
        if (here.Count < backups.Count)
        {
            _log.Verbose($"{backups.Count - here.Count} backup(s) belong to other workspaces than {_live.Host.GetLeftPart(UriPartial.Authority)} and are not compared.");
        }

        var live = new Dictionary<string, GenieSpace>(StringComparer.Ordinal);
        await foreach (var space in _live.ListSpacesAsync(cancellationToken).ConfigureAwait(false))
        {
            live.TryAdd(space.SpaceId, space);
        }

        // A resource the CLI wrote (no index) has no space id: it stands for the live space of the same title, if one alone has it.
        var matched = new HashSet<string>(here.Where(b => !b.IdentifiedByKey).Select(b => b.SpaceId), StringComparer.Ordinal);
        var window = new Queue<Task<GenieSpaceDrift>>();
        foreach (var backup in here)
        {
            var spaceId = backup.IdentifiedByKey ? MatchByTitle(backup, live, matched) : backup.SpaceId;
            window.Enqueue(spaceId is null ? Task.FromResult(MissingLive(backup, backup.SpaceId)) : CompareOneAsync(backup, spaceId, cancellationToken));
            if (window.Count >= Math.Max(1, ThrottleLimit))
            {
                yield return await window.Dequeue().ConfigureAwait(false);
            }
        }

        while (window.Count > 0)
        {
            yield return await window.Dequeue().ConfigureAwait(false);
        }

        foreach (var space in live.Values.Where(s => !matched.Contains(s.SpaceId)))
        {
            yield return new GenieSpaceDrift { Status = GenieSpaceDriftStatus.MissingBackup, SpaceId = space.SpaceId, Title = space.Title, WorkspaceId = SpaceSyncTarget.WorkspaceIdFromHost(_live.Host) };
        }
    }

    private static string? MatchByTitle(SpaceBackupDocument backup, Dictionary<string, GenieSpace> live, HashSet<string> matched)
    {
        var candidates = live.Values.Where(s => !matched.Contains(s.SpaceId) && string.Equals(s.Title, backup.Content.Title, StringComparison.Ordinal)).ToList();
        if (candidates.Count != 1)
        {
            return null;
        }

        matched.Add(candidates[0].SpaceId);
        return candidates[0].SpaceId;
    }

    private async Task<GenieSpaceDrift> CompareOneAsync(SpaceBackupDocument backup, string spaceId, CancellationToken cancellationToken)
    {
        GenieSpace space;
        SpaceContent content;
        try
        {
            space = await _live.GetSpaceAsync(spaceId, includeSerializedSpace: true, cancellationToken).ConfigureAwait(false);
            content = SpaceContent.From(space);
        }
        catch (GenieApiException ex) when (ex.ErrorType == GenieApiErrorType.NotFound)
        {
            return MissingLive(backup, spaceId);
        }
        catch (GenieObservabilityException ex) when (ex is not GenieApiException { ErrorType: GenieApiErrorType.AuthError })
        {
            return new GenieSpaceDrift
            {
                Status = GenieSpaceDriftStatus.Unknown,
                WorkspaceId = backup.WorkspaceId,
                SpaceId = spaceId,
                Title = backup.Content.Title,
                BackupFile = backup.SourceFile,
                Error = ex.Message,
            };
        }

        var differences = SpaceDifferences.Compare(backup.Content, backup.ParentPath, content, space.ParentPath);
        return new GenieSpaceDrift
        {
            Status = differences.Count == 0 ? GenieSpaceDriftStatus.InSync : GenieSpaceDriftStatus.Changed,
            WorkspaceId = backup.WorkspaceId,
            SpaceId = spaceId,
            Title = space.Title ?? backup.Content.Title,
            Differences = differences,
            BackupFile = backup.SourceFile,
        };
    }

    private static GenieSpaceDrift MissingLive(SpaceBackupDocument backup, string spaceId) => new()
    {
        Status = GenieSpaceDriftStatus.MissingLive,
        WorkspaceId = backup.WorkspaceId,
        SpaceId = spaceId,
        Title = backup.Content.Title,
        BackupFile = backup.SourceFile,
    };
}

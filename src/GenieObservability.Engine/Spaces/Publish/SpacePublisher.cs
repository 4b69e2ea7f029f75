using System.Text.Json.Nodes;
using GenieObservability.Engine.Genie;
using GenieObservability.Engine.Spaces.Backup;
using GenieObservability.Engine.Spaces.Content;

namespace GenieObservability.Engine.Spaces.Publish;

/// <summary>
/// Publishes space backups to a target workspace. <see cref="PlanAsync"/> sends only GETs (what -WhatIf shows), the
/// pre-flight's included; <see cref="ApplyAsync"/> sends the one POST or PATCH a plan needs, nothing for an unchanged
/// space, and nothing either when the target changed after the plan read it (a Conflict, unless forced).
/// </summary>
public sealed class SpacePublisher
{
    private const int MaxChangedLinesShown = 6;
    private const string ConflictAdvice = "Nothing was written: publish again to plan against its current state, or pass -Force to overwrite it.";

    private readonly IGenieClient _target;
    private readonly PublishOptions _options;
    private readonly PublishMap _map;
    private readonly PublishPreflight? _preflight;

    /// <param name="preflight">Checks the target before a write; null skips the check.</param>
    public SpacePublisher(IGenieClient target, PublishOptions options, PublishMap map, PublishPreflight? preflight = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(map);
        _target = target;
        _options = options;
        _map = map;
        _preflight = preflight;
    }

    public Uri TargetHost => _target.Host;

    /// <summary>The source → target map that <see cref="ApplyAsync"/> updates (the caller saves it).</summary>
    public PublishMap Map => _map;

    /// <summary>The source as the target should hold it: catalogs remapped, title/warehouse/folder from the options.</summary>
    public SpaceContent Desired(SpaceBackupDocument source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (!source.Content.HasSerializedSpace)
        {
            throw new GenieObservabilityException(
                $"Space '{source.SpaceId}' has no serialized_space to publish (its last fetch was empty or failed).",
                "EmptySpaceConfiguration",
                GenieErrorCategory.InvalidData);
        }

        var serialized = source.Content.SerializedSpace!.DeepClone();
        _options.CatalogMap.RewriteStrings(serialized);
        KeepIdentifierListsSorted(source.Content.SerializedSpace!, serialized);
        var description = source.Content.Description is null ? null : _options.CatalogMap.Rewrite(source.Content.Description);
        return new SpaceContent(_options.Title ?? source.Content.Title, description, _options.WarehouseId ?? source.Content.WarehouseId, serialized);
    }

    public async Task<PublishPlan> PlanAsync(SpaceBackupDocument source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        var desired = Desired(source);
        var mapped = _map.TargetFor(_target.Host, source.WorkspaceId, source.SpaceId);
        if (mapped is null)
        {
            return await CreatePlanAsync(source, desired, GenieSpacePublishAction.Create, ["new space"], cancellationToken).ConfigureAwait(false);
        }

        GenieSpace current;
        try
        {
            current = await _target.GetSpaceAsync(mapped, includeSerializedSpace: true, cancellationToken).ConfigureAwait(false);
        }
        catch (GenieApiException ex) when (ex.ErrorType is GenieApiErrorType.NotFound or GenieApiErrorType.PermissionDenied)
        {
            // The backend answers 403 as well as 404 for a space that no longer exists.
            return await CreatePlanAsync(source, desired, GenieSpacePublishAction.Recreate, [$"target {mapped} is gone ({ex.HttpStatus}); a new space is created"], cancellationToken).ConfigureAwait(false);
        }

        var changes = new List<string>();
        var write = new GenieSpaceWrite
        {
            Title = Differs("title", current.Title, desired.Title, changes),
            Description = Differs("description", current.Description, desired.Description, changes),
            WarehouseId = _options.WarehouseId is null ? null : Differs("warehouse_id", current.WarehouseId, desired.WarehouseId, changes),
            // The API answers parent_path without the /Workspace mount prefix; either spelling names the same folder.
            ParentPath = _options.ParentPath is { } folder && Differs("parent_path", current.ParentPath, BundleSpaceResource.WithoutWorkspacePrefix(folder), changes) is not null ? folder : null,
            SerializedSpace = SerializedDiffers(current, desired, changes),
            Etag = current.Etag,
        };

        return new PublishPlan
        {
            Source = source,
            Action = changes.Count == 0 ? GenieSpacePublishAction.Unchanged : GenieSpacePublishAction.Update,
            TargetSpaceId = mapped,
            Target = current,
            Write = write,
            Changes = changes,
            Preflight = changes.Count == 0 ? PreflightResult.Passed : await PreflightAsync(desired, cancellationToken).ConfigureAwait(false),
        };
    }

    /// <summary>
    /// Sends what the plan needs and records the target in the map. An update first checks that the target is still as
    /// the plan read it (etag and fields) and sends the plan's etag, so an edit made in between is never overwritten: the
    /// outcome is then a Conflict and nothing is written. <paramref name="force"/> skips both and updates unconditionally.
    /// </summary>
    public async Task<PublishOutcome> ApplyAsync(PublishPlan plan, bool force, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        switch (plan.Action)
        {
            case GenieSpacePublishAction.Unchanged:
                return new PublishOutcome(GenieSpacePublishAction.Unchanged, plan.TargetSpaceId);
            case GenieSpacePublishAction.Update:
                var targetId = plan.TargetSpaceId!;
                if (!force && await ChangedSincePlanAsync(plan, cancellationToken).ConfigureAwait(false) is { } changed)
                {
                    return new PublishOutcome(GenieSpacePublishAction.Conflict, targetId, changed);
                }

                try
                {
                    await CreateMissingFolderAsync(plan, cancellationToken).ConfigureAwait(false);
                    await _target.UpdateSpaceAsync(targetId, force ? plan.Write with { Etag = null } : plan.Write, cancellationToken).ConfigureAwait(false);
                }
                catch (GenieApiException ex) when (ex.ErrorType == GenieApiErrorType.Conflict && !force)
                {
                    return new PublishOutcome(GenieSpacePublishAction.Conflict, targetId, $"The target's configuration changed after the plan read it (the service refused etag {plan.TargetEtag}: {ex.ErrorCode}). {ConflictAdvice}");
                }

                _map.Set(_target.Host, plan.Source.WorkspaceId, plan.Source.SpaceId, targetId);
                return new PublishOutcome(GenieSpacePublishAction.Update, targetId);
            case GenieSpacePublishAction.Create or GenieSpacePublishAction.Recreate:
                await CreateMissingFolderAsync(plan, cancellationToken).ConfigureAwait(false);
                var created = await _target.CreateSpaceAsync(plan.Write, cancellationToken).ConfigureAwait(false);
                _map.Set(_target.Host, plan.Source.WorkspaceId, plan.Source.SpaceId, created.SpaceId);
                return new PublishOutcome(plan.Action, created.SpaceId);
            default:
                throw new InvalidOperationException($"A plan cannot be {plan.Action}.");
        }
    }

    /// <summary>Why the target no longer is what the plan read (one GET); null when it is.</summary>
    private async Task<string?> ChangedSincePlanAsync(PublishPlan plan, CancellationToken cancellationToken)
    {
        GenieSpace now;
        try
        {
            now = await _target.GetSpaceAsync(plan.TargetSpaceId!, includeSerializedSpace: true, cancellationToken).ConfigureAwait(false);
        }
        catch (GenieApiException ex) when (ex.ErrorType is GenieApiErrorType.NotFound or GenieApiErrorType.PermissionDenied)
        {
            return $"The target space {plan.TargetSpaceId} disappeared after the plan read it ({ex.HttpStatus}). {ConflictAdvice}";
        }

        var before = plan.Target!;
        var moved = new List<string>();
        if (!string.Equals(before.Etag, now.Etag, StringComparison.Ordinal))
        {
            moved.Add($"its configuration (etag {before.Etag} -> {now.Etag})");
        }

        AddIfMoved(moved, "title", before.Title, now.Title);
        AddIfMoved(moved, "description", before.Description, now.Description);
        AddIfMoved(moved, "warehouse", before.WarehouseId, now.WarehouseId);
        AddIfMoved(moved, "folder", before.ParentPath, now.ParentPath);
        return moved.Count == 0 ? null : $"The target space {plan.TargetSpaceId} changed after the plan read it: {string.Join(", ", moved)}. {ConflictAdvice}";
    }

    private static void AddIfMoved(List<string> moved, string field, string? before, string? now)
    {
        if (!string.Equals(before ?? string.Empty, now ?? string.Empty, StringComparison.Ordinal))
        {
            moved.Add($"{field} '{Shorten(before)}' -> '{Shorten(now)}'");
        }
    }

    private async Task<PreflightResult> PreflightAsync(SpaceContent desired, CancellationToken cancellationToken) =>
        _preflight is null ? PreflightResult.Passed : await _preflight.CheckAsync(desired, _options.ParentPath, cancellationToken).ConfigureAwait(false);

    /// <summary>The folder the pre-flight found missing, made just before the write that needs it.</summary>
    private async Task CreateMissingFolderAsync(PublishPlan plan, CancellationToken cancellationToken)
    {
        if (plan.Preflight.MissingFolder is { } folder && _preflight is not null && plan.Write.ParentPath is not null)
        {
            await _preflight.CreateFolderAsync(folder, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<PublishPlan> CreatePlanAsync(SpaceBackupDocument source, SpaceContent desired, GenieSpacePublishAction action, List<string> changes, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(desired.WarehouseId))
        {
            throw new GenieObservabilityException(
                $"Space '{source.SpaceId}' has no warehouse to create the target with: pass -WarehouseId or -WarehouseName.",
                "WarehouseRequired",
                GenieErrorCategory.InvalidArgument);
        }

        return new PublishPlan
        {
            Source = source,
            Action = action,
            TargetSpaceId = null,
            Write = new GenieSpaceWrite
            {
                Title = desired.Title,
                Description = desired.Description,
                WarehouseId = desired.WarehouseId,
                ParentPath = _options.ParentPath,
                SerializedSpace = CanonicalJson.Compact(desired.SerializedSpace),
            },
            Changes = changes,
            Preflight = await PreflightAsync(desired, cancellationToken).ConfigureAwait(false),
        };
    }

    private static string? Differs(string field, string? current, string? desired, List<string> changes)
    {
        if (string.Equals(current ?? string.Empty, desired ?? string.Empty, StringComparison.Ordinal))
        {
            return null;
        }

        changes.Add($"{field}: '{Shorten(current)}' -> '{Shorten(desired)}'");
        return desired ?? string.Empty;
    }

    private static string? SerializedDiffers(GenieSpace current, SpaceContent desired, List<string> changes)
    {
        var currentNode = SpaceContent.ParseSerializedSpace(current.SerializedSpace);
        var currentText = currentNode is null ? string.Empty : CanonicalJson.Format(currentNode);
        // A version 1 source reads back from the service as version 2: the same content, not a change.
        var desiredText = CanonicalJson.Format(SpaceContent.AsStored(desired.SerializedSpace));
        if (string.Equals(currentText, desiredText, StringComparison.Ordinal))
        {
            return null;
        }

        var diff = LineDiff.Compute(currentText, desiredText);
        changes.Add($"serialized_space: {diff.Added} line(s) added, {diff.Removed} removed");
        changes.AddRange(diff.Lines.Take(MaxChangedLinesShown).Select(line => "  " + Shorten(line, 160)));
        return CanonicalJson.Compact(desired.SerializedSpace);
    }

    /// <summary>
    /// The API rejects identifier lists that are not sorted; a remap can change the order (dev → prod passes other
    /// catalogs), so lists the source had sorted by identifier are sorted again. Unsorted source lists are left as they were.
    /// </summary>
    private static void KeepIdentifierListsSorted(JsonNode source, JsonNode? target)
    {
        if (source is JsonObject sourceObject && target is JsonObject targetObject)
        {
            foreach (var (key, value) in sourceObject)
            {
                if (value is not null && targetObject[key] is { } targetValue)
                {
                    KeepIdentifierListsSorted(value, targetValue);
                }
            }
        }
        else if (source is JsonArray sourceArray && target is JsonArray targetArray)
        {
            for (var i = 0; i < sourceArray.Count && i < targetArray.Count; i++)
            {
                if (sourceArray[i] is { } item && targetArray[i] is { } targetItem)
                {
                    KeepIdentifierListsSorted(item, targetItem);
                }
            }

            var sourceKeys = IdentifierKeys(sourceArray);
            var targetKeys = IdentifierKeys(targetArray);
            if (sourceKeys is null || targetKeys is null || !IsSorted(sourceKeys) || IsSorted(targetKeys))
            {
                return;
            }

            var sorted = targetArray.Select((node, index) => (node, key: targetKeys[index])).OrderBy(p => p.key, StringComparer.Ordinal).Select(p => p.node).ToList();
            targetArray.Clear();
            foreach (var node in sorted)
            {
                targetArray.Add(node);
            }
        }
    }

    private static List<string>? IdentifierKeys(JsonArray array)
    {
        var keys = new List<string>(array.Count);
        foreach (var item in array)
        {
            if (item is not JsonObject obj || obj["identifier"] is not JsonValue value || !value.TryGetValue<string>(out var identifier))
            {
                return null;
            }

            keys.Add(identifier);
        }

        return keys.Count > 1 ? keys : null;
    }

    private static bool IsSorted(List<string> keys)
    {
        for (var i = 1; i < keys.Count; i++)
        {
            if (StringComparer.Ordinal.Compare(keys[i - 1], keys[i]) > 0)
            {
                return false;
            }
        }

        return true;
    }

    private static string Shorten(string? text, int max = 80)
    {
        var flat = (text ?? string.Empty).ReplaceLineEndings(" ");
        return flat.Length <= max ? flat : flat[..(max - 3)] + "...";
    }
}

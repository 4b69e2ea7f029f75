using System.Text.Json.Nodes;
using GenieObservability.Engine.Genie;
using GenieObservability.Engine.Spaces.Backup;
using GenieObservability.Engine.Spaces.Content;

namespace GenieObservability.Engine.Spaces.Publish;

/// <summary>
/// Publishes space backups to a target workspace. <see cref="PlanAsync"/> sends only GETs (what -WhatIf shows);
/// <see cref="ApplyAsync"/> sends the one POST or PATCH a plan needs, and nothing for an unchanged space.
/// </summary>
public sealed class SpacePublisher
{
    private const int MaxChangedLinesShown = 6;

    private readonly IGenieClient _target;
    private readonly PublishOptions _options;
    private readonly PublishMap _map;

    public SpacePublisher(IGenieClient target, PublishOptions options, PublishMap map)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(map);
        _target = target;
        _options = options;
        _map = map;
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
            return CreatePlan(source, desired, GenieSpacePublishAction.Create, ["new space"]);
        }

        GenieSpace current;
        try
        {
            current = await _target.GetSpaceAsync(mapped, includeSerializedSpace: true, cancellationToken).ConfigureAwait(false);
        }
        catch (GenieApiException ex) when (ex.ErrorType is GenieApiErrorType.NotFound or GenieApiErrorType.PermissionDenied)
        {
            // The backend answers 403 as well as 404 for a space that no longer exists.
            return CreatePlan(source, desired, GenieSpacePublishAction.Recreate, [$"target {mapped} is gone ({ex.HttpStatus}); a new space is created"]);
        }

        var changes = new List<string>();
        var write = new GenieSpaceWrite
        {
            Title = Differs("title", current.Title, desired.Title, changes),
            Description = Differs("description", current.Description, desired.Description, changes),
            WarehouseId = _options.WarehouseId is null ? null : Differs("warehouse_id", current.WarehouseId, desired.WarehouseId, changes),
            ParentPath = _options.ParentPath is null ? null : Differs("parent_path", current.ParentPath, _options.ParentPath, changes),
            SerializedSpace = SerializedDiffers(current, desired, changes),
            Etag = current.Etag,
        };

        return new PublishPlan
        {
            Source = source,
            Action = changes.Count == 0 ? GenieSpacePublishAction.Unchanged : GenieSpacePublishAction.Update,
            TargetSpaceId = mapped,
            TargetEtag = current.Etag,
            Write = write,
            Changes = changes,
        };
    }

    /// <summary>Sends what the plan needs and records the target in the map; returns the target space id.</summary>
    public async Task<string> ApplyAsync(PublishPlan plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        switch (plan.Action)
        {
            case GenieSpacePublishAction.Unchanged:
                return plan.TargetSpaceId!;
            case GenieSpacePublishAction.Update:
                await UpdateAsync(plan, cancellationToken).ConfigureAwait(false);
                _map.Set(_target.Host, plan.Source.WorkspaceId, plan.Source.SpaceId, plan.TargetSpaceId!);
                return plan.TargetSpaceId!;
            default:
                var created = await _target.CreateSpaceAsync(plan.Write, cancellationToken).ConfigureAwait(false);
                _map.Set(_target.Host, plan.Source.WorkspaceId, plan.Source.SpaceId, created.SpaceId);
                return created.SpaceId;
        }
    }

    private async Task UpdateAsync(PublishPlan plan, CancellationToken cancellationToken)
    {
        try
        {
            await _target.UpdateSpaceAsync(plan.TargetSpaceId!, plan.Write, cancellationToken).ConfigureAwait(false);
        }
        catch (GenieApiException ex) when (ex.ErrorType == GenieApiErrorType.Conflict)
        {
            // The etag moved between plan and apply (an edit, or a server-side schema migration): re-read it once.
            var fresh = await _target.GetSpaceAsync(plan.TargetSpaceId!, includeSerializedSpace: false, cancellationToken).ConfigureAwait(false);
            await _target.UpdateSpaceAsync(plan.TargetSpaceId!, plan.Write with { Etag = fresh.Etag }, cancellationToken).ConfigureAwait(false);
        }
    }

    private PublishPlan CreatePlan(SpaceBackupDocument source, SpaceContent desired, GenieSpacePublishAction action, List<string> changes)
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
        var desiredText = CanonicalJson.Format(desired.SerializedSpace);
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

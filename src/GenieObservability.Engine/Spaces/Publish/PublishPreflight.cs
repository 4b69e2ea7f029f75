using System.Text.Json.Nodes;
using GenieObservability.Engine.Spaces.Content;
using GenieObservability.Engine.UnityCatalog;
using GenieObservability.Engine.Workspace;

namespace GenieObservability.Engine.Spaces.Publish;

/// <summary>What the pre-flight found missing in the target; empty when the space can be written.</summary>
/// <param name="Missing">Tables and metric views (after the catalog map) the target's metastore does not have, or does not let the caller see.</param>
/// <param name="Reason">A sentence an admin reads: which are missing and which could not be checked.</param>
/// <param name="MissingFolder">The target folder when it does not exist yet: it is created (mkdirs) just before the write; it does not block.</param>
public sealed record PreflightResult(IReadOnlyList<string> Missing, string? Reason, string? MissingFolder = null)
{
    public static PreflightResult Passed { get; } = new([], null);

    public bool Blocks => Missing.Count > 0;
}

/// <summary>
/// Before a space is created or updated in the target: every table and metric view its data sources name must exist in
/// the target's Unity Catalog, and the folder it goes into (-ParentPath) must exist (GETs only). A space that would
/// point at missing data fails for its users at question time, so the publish stops there instead, naming what is
/// missing; a missing folder is only reported here and created just before the write (never under -WhatIf).
/// </summary>
public sealed class PublishPreflight
{
    private readonly UnityCatalogClient _catalog;
    private readonly WorkspaceObjects _workspace;

    public PublishPreflight(UnityCatalogClient catalog, WorkspaceObjects workspace)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(workspace);
        _catalog = catalog;
        _workspace = workspace;
    }

    /// <summary>Creates the folder the pre-flight found missing, with its parents.</summary>
    public Task CreateFolderAsync(string folder, CancellationToken cancellationToken) => _workspace.MkdirsAsync(folder, cancellationToken);

    /// <summary>The identifiers of data_sources.tables and data_sources.metric_views, in order, without repeats.</summary>
    public static IReadOnlyList<string> DataSources(JsonNode? serializedSpace)
    {
        var names = new List<string>();
        foreach (var list in new[] { "tables", "metric_views" })
        {
            if (serializedSpace?["data_sources"]?[list] is not JsonArray items)
            {
                continue;
            }

            foreach (var item in items.OfType<JsonObject>())
            {
                if (item["identifier"] is JsonValue value && value.TryGetValue<string>(out var identifier) && !string.IsNullOrWhiteSpace(identifier)
                    && !names.Contains(identifier, StringComparer.OrdinalIgnoreCase))
                {
                    names.Add(identifier);
                }
            }
        }

        return names;
    }

    /// <param name="folder">The folder the space is written into; null when the publish does not set one.</param>
    public async Task<PreflightResult> CheckAsync(SpaceContent desired, string? folder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(desired);
        string? missingFolder = null;
        var notFound = new List<string>();
        if (folder is not null)
        {
            var status = await _workspace.GetStatusAsync(folder, cancellationToken).ConfigureAwait(false);
            if (status is null)
            {
                missingFolder = folder;
            }
            else if (!status.IsDirectory)
            {
                notFound.Add($"{folder} (a {status.ObjectType.ToLowerInvariant()}, not a folder)");
            }
        }

        var notChecked = new List<(string Name, string Why)>();
        foreach (var name in DataSources(desired.SerializedSpace))
        {
            try
            {
                if (!await _catalog.TableExistsAsync(name, cancellationToken).ConfigureAwait(false))
                {
                    notFound.Add(name);
                }
            }
            catch (GenieApiException ex) when (ex.ErrorType != GenieApiErrorType.AuthError)
            {
                notChecked.Add((name, ex.ErrorCode ?? ex.ErrorType));
            }
        }

        if (notFound.Count == 0 && notChecked.Count == 0)
        {
            return missingFolder is null ? PreflightResult.Passed : new PreflightResult([], null, missingFolder);
        }

        var parts = new List<string>();
        if (notFound.Count > 0)
        {
            parts.Add($"not found in the target: {string.Join(", ", notFound)}");
        }

        if (notChecked.Count > 0)
        {
            parts.Add($"could not be checked: {string.Join(", ", notChecked.Select(n => $"{n.Name} ({n.Why})"))}");
        }

        return new PreflightResult([.. notFound, .. notChecked.Select(n => n.Name)], "Data sources " + string.Join("; ", parts) + ". Nothing was written; create them, fix -CatalogMap, or pass -Force.", missingFolder);
    }
}

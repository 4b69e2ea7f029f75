using System.Text.Json.Nodes;
using GenieObservability.Engine.Spaces.Content;
using GenieObservability.Engine.UnityCatalog;

namespace GenieObservability.Engine.Spaces.Publish;

/// <summary>What the pre-flight found missing in the target; empty when the space can be written.</summary>
/// <param name="Missing">Tables and metric views (after the catalog map) the target's metastore does not have, or does not let the caller see.</param>
/// <param name="Reason">A sentence an admin reads: which are missing and which could not be checked.</param>
public sealed record PreflightResult(IReadOnlyList<string> Missing, string? Reason)
{
    public static PreflightResult Passed { get; } = new([], null);

    public bool Blocks => Missing.Count > 0;
}

/// <summary>
/// Before a space is created or updated in the target: every table and metric view its data sources name must exist in
/// the target's Unity Catalog (GETs only). A space that would point at missing data fails for its users at question
/// time, so the publish stops there instead, naming what is missing.
/// </summary>
public sealed class PublishPreflight
{
    private readonly UnityCatalogClient _catalog;

    public PublishPreflight(UnityCatalogClient catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        _catalog = catalog;
    }

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

    public async Task<PreflightResult> CheckAsync(SpaceContent desired, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(desired);
        var notFound = new List<string>();
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
            return PreflightResult.Passed;
        }

        var parts = new List<string>();
        if (notFound.Count > 0)
        {
            parts.Add($"not found in the target's Unity Catalog: {string.Join(", ", notFound)}");
        }

        if (notChecked.Count > 0)
        {
            parts.Add($"could not be checked: {string.Join(", ", notChecked.Select(n => $"{n.Name} ({n.Why})"))}");
        }

        return new PreflightResult([.. notFound, .. notChecked.Select(n => n.Name)], "Data sources " + string.Join("; ", parts) + ". Nothing was written; create them, fix -CatalogMap, or pass -Force.");
    }
}

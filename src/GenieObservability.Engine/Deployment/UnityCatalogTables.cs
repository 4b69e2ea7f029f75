using System.Text.Json;
using GenieObservability.Engine.Http;

namespace GenieObservability.Engine.Deployment;

/// <summary>
/// The tables of a schema read through the Unity Catalog API (GET only, so checking for missing tables writes
/// nothing and needs no running SQL warehouse). Only tables the caller owns or may select are listed.
/// </summary>
public static class UnityCatalogTables
{
    /// <summary>
    /// The tables of catalog.schema with their column names (to find a column an earlier version did not create); null
    /// when the schema does not exist. A missing catalog is an error.
    /// </summary>
    public static async Task<Dictionary<string, IReadOnlySet<string>>?> ListAsync(DatabricksApiClient api, string catalog, string schema, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(api);
        var names = new Dictionary<string, IReadOnlySet<string>>(StringComparer.OrdinalIgnoreCase);
        string? pageToken = null;
        do
        {
            // max_results=0: the service's own page length (an unpaged list is deprecated). A page may be empty while
            // a next_page_token still follows, so only the token ends the loop.
            var path = "/api/2.1/unity-catalog/tables?catalog_name=" + Uri.EscapeDataString(catalog) + "&schema_name=" + Uri.EscapeDataString(schema)
                + "&max_results=0&omit_properties=true" + (pageToken is null ? string.Empty : "&page_token=" + Uri.EscapeDataString(pageToken));
            try
            {
                using var page = await api.GetAsync(path, cancellationToken).ConfigureAwait(false);
                if (page.RootElement.TryGetProperty("tables", out var tables) && tables.ValueKind == JsonValueKind.Array)
                {
                    foreach (var table in tables.EnumerateArray())
                    {
                        if (table.TryGetProperty("name", out var name) && name.GetString() is { Length: > 0 } tableName)
                        {
                            names[tableName] = ColumnNames(table);
                        }
                    }
                }

                pageToken = page.RootElement.TryGetProperty("next_page_token", out var next) && next.GetString() is { Length: > 0 } token ? token : null;
            }
            catch (GenieApiException ex) when (ex.ErrorType == GenieApiErrorType.NotFound && ex.ErrorCode == "CATALOG_DOES_NOT_EXIST")
            {
                throw new GenieObservabilityException(
                    $"The catalog '{catalog}' does not exist or you cannot use it: create it (or get USE CATALOG on it), or choose another -Catalog.",
                    "CatalogNotFound",
                    GenieErrorCategory.ObjectNotFound,
                    ex);
            }
            catch (GenieApiException ex) when (ex.ErrorType == GenieApiErrorType.NotFound)
            {
                return null;
            }
        }
        while (pageToken is not null);

        return names;
    }

    private static HashSet<string> ColumnNames(JsonElement table)
    {
        var columns = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (table.TryGetProperty("columns", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var column in list.EnumerateArray())
            {
                if (column.TryGetProperty("name", out var name) && name.GetString() is { Length: > 0 } columnName)
                {
                    columns.Add(columnName);
                }
            }
        }

        return columns;
    }
}

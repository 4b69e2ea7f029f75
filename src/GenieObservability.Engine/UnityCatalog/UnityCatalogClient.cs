using GenieObservability.Engine.Http;

namespace GenieObservability.Engine.UnityCatalog;

/// <summary>
/// Read-only Unity Catalog lookups of one workspace's metastore: GET /api/2.1/unity-catalog/tables/{full_name}, which
/// answers tables, views and metric views alike, and 404 (TABLE_DOES_NOT_EXIST, SCHEMA_DOES_NOT_EXIST,
/// CATALOG_DOES_NOT_EXIST, RESOURCE_DOES_NOT_EXIST) when any level is missing.
/// </summary>
public sealed class UnityCatalogClient
{
    private readonly DatabricksApiClient _api;

    public UnityCatalogClient(DatabricksApiClient api)
    {
        ArgumentNullException.ThrowIfNull(api);
        _api = api;
    }

    /// <summary>True when the table (or view, or metric view) exists; false on 404. Other failures throw <see cref="GenieApiException"/>.</summary>
    public async Task<bool> TableExistsAsync(string fullName, CancellationToken cancellationToken)
    {
        var name = Unquote(fullName);
        try
        {
            using var document = await _api.GetAsync("/api/2.1/unity-catalog/tables/" + Uri.EscapeDataString(name), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (GenieApiException ex) when (ex.ErrorType == GenieApiErrorType.NotFound)
        {
            return false;
        }
    }

    /// <summary>catalog.schema.table with backtick quoting removed (`my-cat`.sales.orders → my-cat.sales.orders), as the API takes it.</summary>
    public static string Unquote(string fullName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fullName);
        return fullName.Trim().Replace("`", string.Empty, StringComparison.Ordinal);
    }
}

using System.Text.Json;
using GenieObservability.Engine.Http;

namespace GenieObservability.Engine.Spaces.Publish;

/// <summary>Finds a SQL warehouse id by its name (GET /api/2.0/sql/warehouses), for Publish-GenieSpace -WarehouseName.</summary>
public static class SqlWarehouseLookup
{
    public static async Task<string> ResolveIdAsync(DatabricksApiClient api, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentException.ThrowIfNullOrEmpty(name);
        var warehouses = new List<(string Id, string Name)>();
        using (var document = await api.GetAsync("/api/2.0/sql/warehouses", cancellationToken).ConfigureAwait(false))
        {
            if (document.RootElement.TryGetProperty("warehouses", out var list) && list.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in list.EnumerateArray())
                {
                    if (item.TryGetProperty("id", out var id) && item.TryGetProperty("name", out var itemName))
                    {
                        warehouses.Add((id.GetString() ?? string.Empty, itemName.GetString() ?? string.Empty));
                    }
                }
            }
        }

        var exact = warehouses.Where(w => string.Equals(w.Name, name, StringComparison.Ordinal)).ToList();
        var matches = exact.Count > 0 ? exact : warehouses.Where(w => string.Equals(w.Name, name, StringComparison.OrdinalIgnoreCase)).ToList();
        return matches.Count switch
        {
            1 => matches[0].Id,
            0 => throw new GenieObservabilityException(
                $"No SQL warehouse named '{name}' in {api.Host}. Available: {(warehouses.Count == 0 ? "none" : string.Join(", ", warehouses.Select(w => "'" + w.Name + "'")))}.",
                "WarehouseNotFound",
                GenieErrorCategory.ObjectNotFound),
            _ => throw new GenieObservabilityException(
                $"{matches.Count} SQL warehouses are named '{name}' in {api.Host} ({string.Join(", ", matches.Select(m => m.Id))}); pass -WarehouseId instead.",
                "AmbiguousWarehouseName",
                GenieErrorCategory.InvalidArgument),
        };
    }
}

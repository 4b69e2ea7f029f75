using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace GenieObservability.Emulator;

/// <summary>
/// The SQL warehouses list of the workspace (GET /api/2.0/sql/warehouses → {warehouses:[{id,name,state,...}]}), enough
/// to resolve a warehouse by name. Seeded from the top-level "warehouses" key: [{ "id": "...", "name": "..." }].
/// </summary>
public sealed class SqlWarehouseStore
{
    private readonly object _gate = new();
    private readonly List<JsonObject> _warehouses = [];

    public void LoadSeed(JsonElement seed)
    {
        if (!seed.TryGetProperty("warehouses", out var warehouses) || warehouses.ValueKind != JsonValueKind.Array)
        {
            return;
        }

        foreach (var warehouse in warehouses.EnumerateArray())
        {
            Add(warehouse.GetProperty("id").GetString()!, warehouse.GetProperty("name").GetString()!);
        }
    }

    public void Add(string id, string name)
    {
        lock (_gate)
        {
            _warehouses.RemoveAll(w => (string?)w["id"] == id);
            _warehouses.Add(new JsonObject { ["id"] = id, ["name"] = name, ["state"] = "RUNNING", ["cluster_size"] = "2X-Small", ["warehouse_type"] = "PRO", ["enable_serverless_compute"] = true });
        }
    }

    public JsonArray List()
    {
        lock (_gate)
        {
            return new JsonArray(_warehouses.Select(w => (JsonNode)w.DeepClone()).ToArray());
        }
    }
}

internal static class SqlWarehouseRoutes
{
    public static void Map(WebApplication app, EmulatorState state)
    {
        app.MapGet("/api/2.0/sql/warehouses", () => Results.Content(new JsonObject { ["warehouses"] = state.SqlWarehouses.List() }.ToJsonString(), "application/json"));
    }
}

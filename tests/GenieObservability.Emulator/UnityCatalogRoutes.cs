using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace GenieObservability.Emulator;

/// <summary>
/// The Unity Catalog tables of the workspace's metastore, enough to answer GET /api/2.1/unity-catalog/tables/{full_name}.
/// Seeded from "unityCatalog": { "tables": [ { "full_name": "cat.schema.table", "table_type": "MANAGED" } ] }; names
/// compare case-insensitively, as Unity Catalog stores them lower-cased.
/// </summary>
public sealed class UnityCatalogStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, JsonObject> _tables = new(StringComparer.OrdinalIgnoreCase);

    public void LoadSeed(JsonElement seed)
    {
        if (!seed.TryGetProperty("unityCatalog", out var catalog) || !catalog.TryGetProperty("tables", out var tables) || tables.ValueKind != JsonValueKind.Array)
        {
            return;
        }

        foreach (var table in tables.EnumerateArray())
        {
            Add(table.GetProperty("full_name").GetString()!, table.TryGetProperty("table_type", out var type) ? type.GetString() : null);
        }
    }

    public void Add(string fullName, string? tableType = null)
    {
        var parts = fullName.Split('.');
        if (parts.Length != 3 || parts.Any(p => p.Length == 0))
        {
            throw new ArgumentException($"'{fullName}' is not catalog.schema.table.", nameof(fullName));
        }

        lock (_gate)
        {
            _tables[fullName] = new JsonObject
            {
                ["name"] = parts[2].ToLowerInvariant(),
                ["catalog_name"] = parts[0].ToLowerInvariant(),
                ["schema_name"] = parts[1].ToLowerInvariant(),
                ["full_name"] = fullName.ToLowerInvariant(),
                ["table_type"] = tableType ?? "MANAGED",
                ["data_source_format"] = tableType is "VIEW" or "METRIC_VIEW" ? null : "DELTA",
                ["owner"] = "emulator-user@example.com",
            };
        }
    }

    /// <summary>The table, or the error code Unity Catalog answers with (the first missing level: catalog, schema, table).</summary>
    public (JsonObject? Table, string? ErrorCode) Get(string fullName)
    {
        var parts = fullName.Split('.');
        lock (_gate)
        {
            if (_tables.TryGetValue(fullName, out var table))
            {
                return ((JsonObject)table.DeepClone(), null);
            }

            var names = _tables.Keys.Select(k => k.Split('.')).ToList();
            if (parts.Length != 3 || !names.Any(n => string.Equals(n[0], parts[0], StringComparison.OrdinalIgnoreCase)))
            {
                return (null, "CATALOG_DOES_NOT_EXIST");
            }

            return names.Any(n => string.Equals(n[0], parts[0], StringComparison.OrdinalIgnoreCase) && string.Equals(n[1], parts[1], StringComparison.OrdinalIgnoreCase))
                ? (null, "TABLE_DOES_NOT_EXIST")
                : (null, "SCHEMA_DOES_NOT_EXIST");
        }
    }
}

internal static class UnityCatalogRoutes
{
    public static void Map(WebApplication app, EmulatorState state)
    {
        app.MapGet("/api/2.1/unity-catalog/tables/{fullName}", async (HttpContext context, string fullName) =>
        {
            var (table, errorCode) = state.UnityCatalog.Get(fullName);
            if (table is null)
            {
                await DatabricksErrors.WriteAsync(context, 404, errorCode!, $"Table '{fullName}' does not exist.").ConfigureAwait(false);
                return;
            }

            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(table.ToJsonString(), context.RequestAborted).ConfigureAwait(false);
        });
    }
}

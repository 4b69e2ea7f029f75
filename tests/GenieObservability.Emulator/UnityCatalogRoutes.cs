using System.Globalization;
using System.Text.Json.Nodes;
using DuckDB.NET.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace GenieObservability.Emulator;

/// <summary>
/// Unity Catalog reads over the SQL warehouse's DuckDB (catalog <c>main</c> only, as the statement translator maps it):
/// GET a schema, list a schema's tables with paging, and GET a table (or view) by its full name. A missing catalog,
/// schema or table answers 404 CATALOG_DOES_NOT_EXIST / SCHEMA_DOES_NOT_EXIST / TABLE_DOES_NOT_EXIST, as the service does.
/// </summary>
internal static class UnityCatalogRoutes
{
    private const string Base = "/api/2.1/unity-catalog";
    private const string Catalog = "main";

    /// <summary>The page length the service uses when max_results is 0 or above it.</summary>
    private const int ServerPageSize = 50;

    public static void Map(WebApplication app, EmulatorState state)
    {
        app.MapGet(Base + "/schemas/{fullName}", (string fullName, HttpContext context) => EmulatorJson.HandleAsync(context, () =>
        {
            var dot = fullName.IndexOf('.', StringComparison.Ordinal);
            var (catalog, schema) = dot < 0 ? (fullName, string.Empty) : (fullName[..dot], fullName[(dot + 1)..]);
            RequireSchema(state, catalog, schema);
            return EmulatorJson.SendAsync(context, new JsonObject
            {
                ["name"] = schema,
                ["catalog_name"] = catalog,
                ["full_name"] = catalog + "." + schema,
                ["owner"] = state.CurrentUser,
            });
        }));

        app.MapGet(Base + "/tables", (HttpContext context) => EmulatorJson.HandleAsync(context, () =>
        {
            var query = context.Request.Query;
            var catalog = query["catalog_name"].ToString();
            var schema = query["schema_name"].ToString();
            RequireSchema(state, catalog, schema);

            int? pageSize = null;
            if (query["max_results"].ToString() is { Length: > 0 } maxText)
            {
                if (!int.TryParse(maxText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var max) || max < 0)
                {
                    throw new DatabricksApiException(400, "INVALID_PARAMETER_VALUE", $"max_results must not be negative: {maxText}.");
                }

                pageSize = max == 0 ? ServerPageSize : Math.Min(max, ServerPageSize);
            }

            var offset = 0;
            if (query["page_token"].ToString() is { Length: > 0 } token && !PageTokens.TryDecode(token, out offset))
            {
                throw new DatabricksApiException(400, "INVALID_PARAMETER_VALUE", "The page_token is not valid.");
            }

            var tables = Tables(state, schema);
            var withColumns = !string.Equals(query["omit_columns"].ToString(), "true", StringComparison.OrdinalIgnoreCase);
            var page = tables.Skip(offset).Take(pageSize ?? int.MaxValue).Select(t => (JsonNode)TableInfo(state, catalog, schema, t.Name, t.Type, withColumns)).ToArray();
            var body = new JsonObject { ["tables"] = new JsonArray(page) };
            if (pageSize is { } size && offset + size < tables.Count)
            {
                body["next_page_token"] = PageTokens.Encode(offset + size);
            }

            return EmulatorJson.SendAsync(context, body);
        }));

        // Names compare case-insensitively (Unity Catalog stores them lower-cased); any missing level is a 404 naming it.
        app.MapGet(Base + "/tables/{fullName}", (string fullName, HttpContext context) => EmulatorJson.HandleAsync(context, () =>
        {
            var parts = fullName.Split('.');
            if (parts.Length != 3 || parts.Any(p => p.Length == 0))
            {
                throw new DatabricksApiException(400, "INVALID_PARAMETER_VALUE", $"'{fullName}' is not a full table name (catalog.schema.table).");
            }

            var (catalog, schema, name) = (parts[0].ToLowerInvariant(), parts[1].ToLowerInvariant(), parts[2].ToLowerInvariant());
            RequireSchema(state, catalog, schema);
            var table = Tables(state, schema).FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase));
            if (table.Name is null)
            {
                throw new DatabricksApiException(404, "TABLE_DOES_NOT_EXIST", $"Table '{catalog}.{schema}.{name}' does not exist.");
            }

            return EmulatorJson.SendAsync(context, TableInfo(state, catalog, schema, table.Name, table.Type, withColumns: true));
        }));
    }

    private static JsonObject TableInfo(EmulatorState state, string catalog, string schema, string name, string type, bool withColumns)
    {
        var info = new JsonObject
        {
            ["name"] = name,
            ["catalog_name"] = catalog,
            ["schema_name"] = schema,
            ["full_name"] = $"{catalog}.{schema}.{name}",
            ["table_type"] = type == "VIEW" ? "VIEW" : "MANAGED",
            ["data_source_format"] = "DELTA",
            ["owner"] = state.CurrentUser,
        };
        if (withColumns)
        {
            info["columns"] = new JsonArray(Columns(state, schema, name).Select((c, i) => (JsonNode)new JsonObject
            {
                ["name"] = c.Name,
                ["type_text"] = c.Type.ToLowerInvariant(),
                ["position"] = i,
                ["nullable"] = c.Nullable,
            }).ToArray());
        }

        return info;
    }

    /// <summary>A table's columns in order (ColumnInfo: name, type_text, position, nullable).</summary>
    private static List<(string Name, string Type, bool Nullable)> Columns(EmulatorState state, string schema, string table)
    {
        using var connection = state.Statements.Connect();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT column_name, data_type, is_nullable FROM information_schema.columns WHERE table_catalog = $catalog AND table_schema = $schema AND table_name = $table ORDER BY ordinal_position";
        command.Parameters.Add(new DuckDBParameter("catalog", DatabricksSqlTranslator.MainCatalog));
        command.Parameters.Add(new DuckDBParameter("schema", schema));
        command.Parameters.Add(new DuckDBParameter("table", table));
        using var reader = command.ExecuteReader();
        var columns = new List<(string, string, bool)>();
        while (reader.Read())
        {
            columns.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2) == "YES"));
        }

        return columns;
    }

    private static void RequireSchema(EmulatorState state, string catalog, string schema)
    {
        if (catalog != Catalog)
        {
            throw new DatabricksApiException(404, "CATALOG_DOES_NOT_EXIST", $"Catalog '{catalog}' does not exist.");
        }

        using var connection = state.Statements.Connect();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM information_schema.schemata WHERE catalog_name = $catalog AND schema_name = $schema";
        command.Parameters.Add(new DuckDBParameter("catalog", DatabricksSqlTranslator.MainCatalog));
        command.Parameters.Add(new DuckDBParameter("schema", schema));
        if (Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture) == 0)
        {
            throw new DatabricksApiException(404, "SCHEMA_DOES_NOT_EXIST", $"Schema '{catalog}.{schema}' does not exist.");
        }
    }

    private static List<(string Name, string Type)> Tables(EmulatorState state, string schema)
    {
        using var connection = state.Statements.Connect();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT table_name, table_type FROM information_schema.tables WHERE table_catalog = $catalog AND table_schema = $schema ORDER BY table_name";
        command.Parameters.Add(new DuckDBParameter("catalog", DatabricksSqlTranslator.MainCatalog));
        command.Parameters.Add(new DuckDBParameter("schema", schema));
        using var reader = command.ExecuteReader();
        var tables = new List<(string, string)>();
        while (reader.Read())
        {
            tables.Add((reader.GetString(0), reader.GetString(1)));
        }

        return tables;
    }
}

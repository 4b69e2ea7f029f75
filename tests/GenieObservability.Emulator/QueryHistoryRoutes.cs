using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace GenieObservability.Emulator;

/// <summary>
/// GET /api/2.0/sql/history/queries (contract-2026 §6): filter_by.* in dot notation (arrays repeat the key),
/// include_metrics (metrics only when true), max_results (default 100, must be less than 1000), page_token;
/// the response is {res, next_page_token, has_next_page}. Page tokens contain '+', which a client must send as %2B.
/// Plus POST /_emulator/sql/history to add entries (history arriving late).
/// </summary>
internal static class QueryHistoryRoutes
{
    private const int DefaultMaxResults = 100;
    private const int MaxResultsBound = 1000;
    private static readonly TimeSpan MaxTimeRange = TimeSpan.FromDays(30);

    public static void Map(WebApplication app, EmulatorState state)
    {
        var store = state.QueryHistory;
        app.MapGet("/api/2.0/sql/history/queries", (HttpContext context) => EmulatorJson.HandleAsync(context, async () =>
        {
            var query = context.Request.Query;
            var filter = new QueryHistoryFilter
            {
                StatementIds = query["filter_by.statement_ids"].OfType<string>().ToList(),
                WarehouseIds = query["filter_by.warehouse_ids"].OfType<string>().ToList(),
                UserIds = query["filter_by.user_ids"].OfType<string>().Select(u => Number(u, "filter_by.user_ids")).ToList(),
                Statuses = query["filter_by.statuses"].OfType<string>().ToList(),
                StartTimeMs = Optional(query["filter_by.query_start_time_range.start_time_ms"], "filter_by.query_start_time_range.start_time_ms"),
                EndTimeMs = Optional(query["filter_by.query_start_time_range.end_time_ms"], "filter_by.query_start_time_range.end_time_ms"),
            };
            if (filter.StartTimeMs is { } from && filter.EndTimeMs is { } to && to - from > (long)MaxTimeRange.TotalMilliseconds)
            {
                throw new DatabricksApiException(400, "INVALID_PARAMETER_VALUE", "The time range must be less than or equal to 30 days.");
            }

            var maxResults = (int)(Optional(query["max_results"], "max_results") ?? DefaultMaxResults);
            if (maxResults is < 1 or >= MaxResultsBound)
            {
                throw new DatabricksApiException(400, "INVALID_PARAMETER_VALUE", "max_results must be greater than 0 and less than 1000.");
            }

            var offset = 0;
            if (query["page_token"].ToString() is { Length: > 0 } token && !TryDecode(token, out offset))
            {
                throw new DatabricksApiException(400, "INVALID_PARAMETER_VALUE", "The page_token is not valid.");
            }

            var includeMetrics = string.Equals(query["include_metrics"], "true", StringComparison.OrdinalIgnoreCase);
            var all = store.List(filter);
            var pageSize = Math.Min(maxResults, store.PageCap ?? maxResults);
            var page = new JsonArray();
            foreach (var entry in all.Skip(offset).Take(pageSize))
            {
                if (!includeMetrics)
                {
                    entry.Remove("metrics");
                }

                page.Add(entry);
            }

            var hasNext = offset + pageSize < all.Count;
            var response = new JsonObject { ["res"] = page, ["has_next_page"] = hasNext };
            if (hasNext)
            {
                response["next_page_token"] = Encode(offset + pageSize);
            }

            await EmulatorJson.SendAsync(context, response).ConfigureAwait(false);
        }));

        app.MapPost("/_emulator/sql/history", async (HttpContext context) =>
        {
            using var document = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted).ConfigureAwait(false);
            var items = document.RootElement.ValueKind == JsonValueKind.Array ? document.RootElement.EnumerateArray().ToArray() : [document.RootElement];
            foreach (var item in items)
            {
                store.Upsert(item);
            }

            return Results.NoContent();
        });
    }

    // Real tokens are opaque and may hold '+'; these always do, so a client that does not encode it (%2B) is caught.
    private static string Encode(int offset) => "qh+" + Convert.ToBase64String(Encoding.UTF8.GetBytes(offset.ToString(CultureInfo.InvariantCulture)));

    private static bool TryDecode(string token, out int offset)
    {
        offset = 0;
        if (!token.StartsWith("qh+", StringComparison.Ordinal))
        {
            return false;
        }

        try
        {
            return int.TryParse(Encoding.UTF8.GetString(Convert.FromBase64String(token[3..])), NumberStyles.None, CultureInfo.InvariantCulture, out offset);
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static long? Optional(Microsoft.Extensions.Primitives.StringValues values, string name) =>
        values.Count == 0 || string.IsNullOrEmpty(values[0]) ? null : Number(values[0]!, name);

    private static long Number(string text, string name) =>
        long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new DatabricksApiException(400, "INVALID_PARAMETER_VALUE", $"{name} must be a number.");
}

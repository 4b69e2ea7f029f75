using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace GenieObservability.Emulator;

/// <summary>
/// The SQL Statement Execution API (contract §4) over <see cref="StatementStore"/>: execute, get (status plus the first
/// chunk), get chunk, cancel. The request's catalog and schema are the statement's defaults for unqualified names (a
/// schema that does not exist fails the statement, as USE SCHEMA does). A SQL failure is HTTP 200 with state FAILED; a
/// malformed request is a 400.
/// Control: POST /_emulator/statements/settings {chunkRowCount, pollsBeforeCompletion}.
/// </summary>
internal static class StatementRoutes
{
    private const string Base = "/api/2.0/sql/statements";

    public static void Map(WebApplication app, EmulatorState state)
    {
        var store = state.Statements;

        app.MapPost(Base, async (HttpContext context) =>
        {
            JsonDocument document;
            try
            {
                document = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted).ConfigureAwait(false);
            }
            catch (JsonException)
            {
                await DatabricksErrors.WriteAsync(context, 400, "MALFORMED_REQUEST", "The request body is not valid JSON.").ConfigureAwait(false);
                return;
            }

            using (document)
            {
                var root = document.RootElement;
                var statementText = root.TryGetProperty("statement", out var s) ? s.GetString() : null;
                var warehouseId = root.TryGetProperty("warehouse_id", out var w) ? w.GetString() : null;
                if (string.IsNullOrWhiteSpace(statementText) || string.IsNullOrWhiteSpace(warehouseId))
                {
                    await DatabricksErrors.WriteAsync(context, 400, "INVALID_PARAMETER_VALUE", "statement and warehouse_id are required.").ConfigureAwait(false);
                    return;
                }

                if (!store.Warehouses.IsEmpty && !store.Warehouses.ContainsKey(warehouseId))
                {
                    await DatabricksErrors.NotFound(context, $"Warehouse {warehouseId}").ConfigureAwait(false);
                    return;
                }

                var wait = root.TryGetProperty("wait_timeout", out var wt) ? wt.GetString() ?? "10s" : "10s";
                if (wait != "0s" && !(wait.EndsWith('s') && int.TryParse(wait[..^1], out var seconds) && seconds is >= 5 and <= 50))
                {
                    await DatabricksErrors.WriteAsync(context, 400, "INVALID_PARAMETER_VALUE", "wait_timeout must be 0s or between 5s and 50s.").ConfigureAwait(false);
                    return;
                }

                var parameters = new List<StatementParameter>();
                if (root.TryGetProperty("parameters", out var list) && list.ValueKind == JsonValueKind.Array)
                {
                    foreach (var p in list.EnumerateArray())
                    {
                        parameters.Add(new StatementParameter(
                            p.GetProperty("name").GetString()!,
                            p.TryGetProperty("value", out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null,
                            p.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null));
                    }
                }

                long? rowLimit = root.TryGetProperty("row_limit", out var rl) && rl.ValueKind == JsonValueKind.Number ? rl.GetInt64() : null;
                var defaults = new StatementDefaults(
                    root.TryGetProperty("catalog", out var catalog) && catalog.ValueKind == JsonValueKind.String ? catalog.GetString() : null,
                    root.TryGetProperty("schema", out var schema) && schema.ValueKind == JsonValueKind.String ? schema.GetString() : null);
                var statement = store.Submit(statementText, parameters, rowLimit, defaults);
                statement.Observe(store, runNow: wait != "0s");
                await WriteJson(context, Response(statement)).ConfigureAwait(false);
            }
        });

        app.MapGet(Base + "/{id}", async (HttpContext context, string id) =>
        {
            var statement = store.Find(id);
            if (statement is null)
            {
                await DatabricksErrors.NotFound(context, $"Statement {id}").ConfigureAwait(false);
                return;
            }

            statement.Observe(store, runNow: false);
            await WriteJson(context, Response(statement)).ConfigureAwait(false);
        });

        app.MapGet(Base + "/{id}/result/chunks/{index:int}", async (HttpContext context, string id, int index) =>
        {
            var statement = store.Find(id);
            var rows = statement?.Chunk(index);
            if (statement is null || rows is null)
            {
                await DatabricksErrors.NotFound(context, $"Chunk {index} of statement {id}").ConfigureAwait(false);
                return;
            }

            await WriteJson(context, ResultData(statement, index, rows)).ConfigureAwait(false);
        });

        app.MapPost(Base + "/{id}/cancel", async (HttpContext context, string id) =>
        {
            var statement = store.Find(id);
            if (statement is null)
            {
                await DatabricksErrors.NotFound(context, $"Statement {id}").ConfigureAwait(false);
                return;
            }

            statement.Cancel();
            await WriteJson(context, new Dictionary<string, object?>()).ConfigureAwait(false);
        });

        app.MapPost("/_emulator/statements/settings", async (HttpContext context) =>
        {
            using var document = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted).ConfigureAwait(false);
            if (document.RootElement.TryGetProperty("chunkRowCount", out var chunk))
            {
                store.ChunkRowCount = chunk.GetInt32();
            }

            if (document.RootElement.TryGetProperty("pollsBeforeCompletion", out var polls))
            {
                store.PollsBeforeCompletion = polls.GetInt32();
            }

            context.Response.StatusCode = 204;
        });
    }

    private static Dictionary<string, object?> Response(Statement statement)
    {
        var status = new Dictionary<string, object?> { ["state"] = statement.State };
        if (statement.State == "FAILED")
        {
            status["error"] = new Dictionary<string, object?> { ["error_code"] = statement.ErrorCode, ["message"] = statement.ErrorMessage };
            status["sql_state"] = "42000";
        }

        var response = new Dictionary<string, object?> { ["statement_id"] = statement.Id, ["status"] = status };
        if (statement.State != "SUCCEEDED")
        {
            return response;
        }

        response["manifest"] = new Dictionary<string, object?>
        {
            ["format"] = "JSON_ARRAY",
            ["schema"] = new Dictionary<string, object?>
            {
                ["column_count"] = statement.Columns.Count,
                ["columns"] = statement.Columns.Select((c, i) => new Dictionary<string, object?> { ["name"] = c.Name, ["position"] = i, ["type_name"] = c.TypeName, ["type_text"] = c.TypeText }).ToList(),
            },
            ["total_chunk_count"] = statement.TotalChunks,
            ["total_row_count"] = statement.TotalRows,
            ["chunks"] = Enumerable.Range(0, statement.TotalChunks).Select(i => new Dictionary<string, object?>
            {
                ["chunk_index"] = i,
                ["row_offset"] = (long)i * statement.ChunkRowCount,
                ["row_count"] = Math.Min(statement.ChunkRowCount, statement.TotalRows - ((long)i * statement.ChunkRowCount)),
            }).ToList(),
            ["truncated"] = statement.Truncated,
        };
        var first = statement.Chunk(0);
        if (first is not null)
        {
            response["result"] = ResultData(statement, 0, first);
        }

        return response;
    }

    private static Dictionary<string, object?> ResultData(Statement statement, int index, List<string?[]> rows)
    {
        var data = new Dictionary<string, object?>
        {
            ["chunk_index"] = index,
            ["row_offset"] = (long)index * statement.ChunkRowCount,
            ["row_count"] = rows.Count,
            ["data_array"] = rows,
        };
        if (index + 1 < statement.TotalChunks)
        {
            data["next_chunk_index"] = index + 1;
            data["next_chunk_internal_link"] = $"{Base}/{statement.Id}/result/chunks/{index + 1}";
        }

        return data;
    }

    private static async Task WriteJson(HttpContext context, object body)
    {
        context.Response.ContentType = "application/json";
        await JsonSerializer.SerializeAsync(context.Response.Body, body, cancellationToken: context.RequestAborted).ConfigureAwait(false);
    }
}

using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace GenieObservability.Emulator;

/// <summary>The Pipelines API (contract §5): get and edit (whole-spec PUT), start and get updates, list events.</summary>
internal static partial class PipelineRoutes
{
    public static void Map(WebApplication app, EmulatorState state)
    {
        var store = state.Pipelines;

        app.MapGet("/api/2.0/pipelines/{id}", async (string id, HttpContext context) =>
        {
            if (store.Find(id) is not { } pipeline)
            {
                await DatabricksErrors.NotFound(context, $"Pipeline {id}").ConfigureAwait(false);
                return;
            }

            var active = pipeline.Updates.LastOrDefault();
            await EmulatorJson.SendAsync(context, new JsonObject
            {
                ["pipeline_id"] = pipeline.Id,
                ["name"] = pipeline.Spec["name"]?.DeepClone(),
                ["state"] = active is { IsTerminal: false } ? "RUNNING" : "IDLE",
                ["health"] = active is { State: "FAILED" } ? "UNHEALTHY" : "HEALTHY",
                ["creator_user_name"] = "admin@example.com",
                ["run_as_user_name"] = "admin@example.com",
                ["last_modified"] = pipeline.LastModified,
                ["latest_updates"] = new JsonArray(pipeline.Updates.AsEnumerable().Reverse().Take(5).Select(u => (JsonNode)new JsonObject
                {
                    ["update_id"] = u.UpdateId,
                    ["state"] = u.State,
                    ["creation_time"] = DateTimeOffset.FromUnixTimeMilliseconds(u.CreationTime).ToString("O", System.Globalization.CultureInfo.InvariantCulture),
                }).ToArray()),
                ["spec"] = pipeline.Spec.DeepClone(),
            });
        });

        app.MapPut("/api/2.0/pipelines/{id}", async (string id, HttpContext context) =>
        {
            if (store.Find(id) is not { } pipeline)
            {
                await DatabricksErrors.NotFound(context, $"Pipeline {id}").ConfigureAwait(false);
                return;
            }

            if (await EmulatorJson.ReadObjectAsync(context).ConfigureAwait(false) is not { } body)
            {
                await DatabricksErrors.WriteAsync(context, 400, "INVALID_PARAMETER_VALUE", "The request body is not a JSON object.").ConfigureAwait(false);
                return;
            }

            if (body["id"]?.GetValue<string>() is { } bodyId && bodyId != id)
            {
                await DatabricksErrors.WriteAsync(context, 400, "INVALID_PARAMETER_VALUE", $"The pipeline id in the body ({bodyId}) does not match the path ({id}).").ConfigureAwait(false);
                return;
            }

            long? expected = body["expected_last_modified"] is JsonValue value && value.TryGetValue<long>(out var number) ? number : null;
            body.Remove("expected_last_modified");
            body.Remove("allow_duplicate_names");
            body["id"] = id;
            if (!store.Replace(pipeline, body, expected))
            {
                await DatabricksErrors.WriteAsync(context, 409, "ABORTED", $"The pipeline settings were modified since {expected}; read them again and retry.").ConfigureAwait(false);
                return;
            }

            await EmulatorJson.SendAsync(context, new JsonObject()).ConfigureAwait(false);
        });

        app.MapPost("/api/2.0/pipelines/{id}/updates", async (string id, HttpContext context) =>
        {
            if (store.Find(id) is not { } pipeline)
            {
                await DatabricksErrors.NotFound(context, $"Pipeline {id}").ConfigureAwait(false);
                return;
            }

            var body = await EmulatorJson.ReadObjectAsync(context).ConfigureAwait(false) ?? new JsonObject();
            var cause = body["cause"]?.GetValue<string>() ?? "API_CALL";
            var fullRefresh = body["full_refresh"]?.GetValue<bool>() ?? false;
            if (store.Start(pipeline, cause, fullRefresh) is not { } update)
            {
                await DatabricksErrors.WriteAsync(context, 409, "RESOURCE_CONFLICT", $"The pipeline {id} already has an active update.").ConfigureAwait(false);
                return;
            }

            await EmulatorJson.SendAsync(context, new JsonObject { ["update_id"] = update.UpdateId, ["request_id"] = Guid.NewGuid().ToString() }).ConfigureAwait(false);
        });

        app.MapGet("/api/2.0/pipelines/{id}/updates/{updateId}", async (string id, string updateId, HttpContext context) =>
        {
            if (store.Find(id) is not { } pipeline || pipeline.Updates.FirstOrDefault(u => u.UpdateId == updateId) is not { } update)
            {
                await DatabricksErrors.NotFound(context, $"Update {updateId} of pipeline {id}").ConfigureAwait(false);
                return;
            }

            // The caller sees the current state; the next GET sees the following one (time passes between polls).
            var info = UpdateInfo(update);
            store.Advance(pipeline, update);
            await EmulatorJson.SendAsync(context, new JsonObject { ["update"] = info }).ConfigureAwait(false);
        });

        app.MapGet("/api/2.0/pipelines/{id}/updates", async (string id, HttpContext context) =>
        {
            if (store.Find(id) is not { } pipeline)
            {
                await DatabricksErrors.NotFound(context, $"Pipeline {id}").ConfigureAwait(false);
                return;
            }

            await EmulatorJson.SendAsync(context, new JsonObject
            {
                ["updates"] = new JsonArray(pipeline.Updates.AsEnumerable().Reverse().Select(u => (JsonNode)UpdateInfo(u)).ToArray()),
            });
        });

        app.MapGet("/api/2.0/pipelines/{id}/events", async (string id, HttpContext context) =>
        {
            if (store.Find(id) is not { } pipeline)
            {
                await DatabricksErrors.NotFound(context, $"Pipeline {id}").ConfigureAwait(false);
                return;
            }

            var query = context.Request.Query;
            IEnumerable<JsonObject> events = pipeline.Events;
            if (query["filter"].ToString() is { Length: > 0 } filter)
            {
                var levels = LevelFilter().Matches(filter).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.OrdinalIgnoreCase);
                if (levels.Count == 0)
                {
                    await DatabricksErrors.WriteAsync(context, 400, "INVALID_PARAMETER_VALUE", $"Unsupported filter: {filter}").ConfigureAwait(false);
                    return;
                }

                events = events.Where(e => levels.Contains(e["level"]!.GetValue<string>()));
            }

            var ascending = query["order_by"].ToString().Contains("asc", StringComparison.OrdinalIgnoreCase);
            events = ascending ? events : events.Reverse();
            var max = int.TryParse(query["max_results"], out var n) ? Math.Clamp(n, 1, 250) : 25;
            await EmulatorJson.SendAsync(context, new JsonObject { ["events"] = new JsonArray(events.Take(max).Select(e => (JsonNode)e.DeepClone()).ToArray()) }).ConfigureAwait(false);
        });

        // Control: how the next update ends (from another process, e.g. Pester).
        app.MapPost("/_emulator/pipelines/next-update", async (HttpContext context) =>
        {
            using var document = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted).ConfigureAwait(false);
            var root = document.RootElement;
            store.FailNextUpdateWith = root.TryGetProperty("failWith", out var fail) ? fail.EnumerateArray().Select(e => e.GetString()!).ToList() : [];
            store.CancelNextUpdate = root.TryGetProperty("cancel", out var cancel) && cancel.GetBoolean();
            return Results.NoContent();
        });
        app.MapGet("/_emulator/pipelines/{id}", (string id) =>
            store.Find(id) is { } pipeline
                ? Results.Text(new JsonObject
                {
                    ["spec"] = pipeline.Spec.DeepClone(),
                    ["updates"] = new JsonArray(pipeline.Updates.Select(u => (JsonNode)UpdateInfo(u)).ToArray()),
                }.ToJsonString(), "application/json")
                : Results.NotFound());
    }

    private static JsonObject UpdateInfo(UpdateRecord update) => new()
    {
        ["update_id"] = update.UpdateId,
        ["pipeline_id"] = update.PipelineId,
        ["state"] = update.State,
        ["cause"] = update.Cause,
        ["creation_time"] = update.CreationTime,
        ["full_refresh"] = update.FullRefresh,
        ["validate_only"] = false,
        ["mode"] = "DEFAULT",
        ["config"] = update.Config.DeepClone(),
    };

    [GeneratedRegex(@"'(ERROR|WARN|INFO|METRICS)'", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LevelFilter();
}

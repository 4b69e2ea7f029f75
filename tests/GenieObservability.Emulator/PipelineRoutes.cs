using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace GenieObservability.Emulator;

/// <summary>
/// The Pipelines API (contract §5): create, get, edit (whole-spec PUT), delete (cascade or not), list with the name LIKE
/// and notebook filters and paging, start and get updates, list events.
/// </summary>
internal static partial class PipelineRoutes
{
    public static void Map(WebApplication app, EmulatorState state)
    {
        var store = state.Pipelines;

        app.MapGet("/api/2.0/pipelines/{id}", (string id, HttpContext context) => EmulatorJson.HandleAsync(context, () =>
        {
            var pipeline = store.Find(id) ?? throw NotFound(id);
            var info = StateInfo(pipeline, state.CurrentUser);
            info["health"] = pipeline.Updates.LastOrDefault() is { State: "FAILED" } ? "UNHEALTHY" : "HEALTHY";
            info["last_modified"] = pipeline.LastModified;
            info["spec"] = pipeline.Spec.DeepClone();
            return EmulatorJson.SendAsync(context, info);
        }));

        app.MapPut("/api/2.0/pipelines/{id}", (string id, HttpContext context) => EmulatorJson.HandleAsync(context, async () =>
        {
            var pipeline = store.Find(id) ?? throw NotFound(id);
            var body = await EmulatorJson.ReadObjectAsync(context).ConfigureAwait(false)
                ?? throw new DatabricksApiException(400, "MALFORMED_REQUEST", "The request body is not a JSON object.");
            if ((string?)body["id"] is { } bodyId && bodyId != id)
            {
                throw new DatabricksApiException(400, "INVALID_PARAMETER_VALUE", $"The pipeline id in the body ({bodyId}) does not match the path ({id}).");
            }

            if (!store.Replace(pipeline, body))
            {
                throw new DatabricksApiException(409, "ABORTED", $"The pipeline settings were modified since {body["expected_last_modified"]}; read them again and retry.");
            }

            await EmulatorJson.SendAsync(context, new JsonObject()).ConfigureAwait(false);
        }));

        app.MapPost("/api/2.0/pipelines", (HttpContext context) => EmulatorJson.HandleAsync(context, async () =>
        {
            var body = await EmulatorJson.ReadObjectAsync(context).ConfigureAwait(false)
                ?? throw new DatabricksApiException(400, "MALFORMED_REQUEST", "The request body is not a JSON object.");
            if (body["dry_run"] is JsonValue dryRun && dryRun.GetValue<bool>())
            {
                await EmulatorJson.SendAsync(context, new JsonObject { ["effective_settings"] = PipelineStore.EffectiveSettings(body) }).ConfigureAwait(false);
                return;
            }

            var created = store.Create(body);
            await EmulatorJson.SendAsync(context, new JsonObject { ["pipeline_id"] = created.Id }).ConfigureAwait(false);
        }));

        app.MapGet("/api/2.0/pipelines", (HttpContext context) => EmulatorJson.HandleAsync(context, () =>
        {
            var query = context.Request.Query;
            var max = 25;
            if (query["max_results"].ToString() is { Length: > 0 } maxText && (!int.TryParse(maxText, out max) || max is < 1 or > 100))
            {
                throw new DatabricksApiException(400, "INVALID_PARAMETER_VALUE", $"max_results must be between 1 and 100, not {maxText}.");
            }

            var offset = 0;
            if (query["page_token"].ToString() is { Length: > 0 } token && !PageTokens.TryDecode(token, out offset))
            {
                throw new DatabricksApiException(400, "INVALID_PARAMETER_VALUE", "The page_token is not valid.");
            }

            var orderBy = query["order_by"].ToString();
            var all = store.List(ListFilter(query["filter"].ToString()), orderBy.StartsWith("name", StringComparison.OrdinalIgnoreCase), orderBy.EndsWith(" desc", StringComparison.OrdinalIgnoreCase));
            var page = all.Skip(offset).Take(max).Select(p => (JsonNode)StateInfo(p, state.CurrentUser)).ToArray();
            var body = new JsonObject { ["statuses"] = new JsonArray(page) };
            if (offset + max < all.Count)
            {
                body["next_page_token"] = PageTokens.Encode(offset + max);
            }

            return EmulatorJson.SendAsync(context, body);
        }));

        app.MapDelete("/api/2.0/pipelines/{id}", (string id, HttpContext context) => EmulatorJson.HandleAsync(context, () =>
        {
            // cascade defaults to true: the pipeline's materialized views and streaming tables go with it.
            var cascade = !string.Equals(context.Request.Query["cascade"], "false", StringComparison.OrdinalIgnoreCase);
            return store.Delete(id, cascade) ? EmulatorJson.SendAsync(context, new JsonObject()) : throw NotFound(id);
        }));

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
            store.FinishNextUpdateAtOnce = root.TryGetProperty("atOnce", out var atOnce) && atOnce.GetBoolean();
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

    private static DatabricksApiException NotFound(string id) => new(404, "RESOURCE_DOES_NOT_EXIST", $"The specified pipeline {id} was not found.");

    /// <summary>The list filters the service supports: name LIKE 'pattern' (% and _ wildcards) or notebook='path'; not combined.</summary>
    private static Func<PipelineRecord, bool> ListFilter(string filter)
    {
        if (filter.Length == 0)
        {
            return _ => true;
        }

        if (NameLikeFilter().Match(filter) is { Success: true } like)
        {
            var pattern = "^" + string.Concat(like.Groups[1].Value.Replace("''", "'", StringComparison.Ordinal).Select(c => c switch
            {
                '%' => ".*",
                '_' => ".",
                _ => Regex.Escape(c.ToString()),
            })) + "$";
            var regex = new Regex(pattern, RegexOptions.Singleline | RegexOptions.CultureInvariant);
            return p => (string?)p.Spec["name"] is { } name && regex.IsMatch(name);
        }

        if (NotebookFilter().Match(filter) is { Success: true } notebook)
        {
            var path = notebook.Groups[1].Value.Replace("''", "'", StringComparison.Ordinal);
            return p => p.Spec["libraries"] is JsonArray libraries && libraries.Any(l => (string?)l?["notebook"]?["path"] == path);
        }

        throw new DatabricksApiException(400, "INVALID_PARAMETER_VALUE", $"Unsupported filter: {filter}. Use name LIKE '<pattern>' or notebook='<path>'.");
    }

    private static JsonObject StateInfo(PipelineRecord pipeline, string user)
    {
        var active = pipeline.Updates.LastOrDefault();
        return new JsonObject
        {
            ["pipeline_id"] = pipeline.Id,
            ["name"] = pipeline.Spec["name"]?.DeepClone(),
            ["state"] = active is { IsTerminal: false } ? "RUNNING" : "IDLE",
            ["creator_user_name"] = user,
            ["run_as_user_name"] = user,
            ["latest_updates"] = LatestUpdates(pipeline),
        };
    }

    private static JsonArray LatestUpdates(PipelineRecord pipeline) => new(pipeline.Updates.AsEnumerable().Reverse().Take(5).Select(u => (JsonNode)new JsonObject
    {
        ["update_id"] = u.UpdateId,
        ["state"] = u.State,
        ["creation_time"] = DateTimeOffset.FromUnixTimeMilliseconds(u.CreationTime).ToString("O", System.Globalization.CultureInfo.InvariantCulture),
    }).ToArray());

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

    [GeneratedRegex(@"^\s*name\s+LIKE\s+'((?:[^']|'')*)'\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NameLikeFilter();

    [GeneratedRegex(@"^\s*notebook\s*=\s*'((?:[^']|'')*)'\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NotebookFilter();
}

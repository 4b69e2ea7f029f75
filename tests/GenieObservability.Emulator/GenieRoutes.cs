using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace GenieObservability.Emulator;

/// <summary>
/// The Genie API (contract §1.1) under /api/2.0/genie: messages, conversations and spaces with paging, create/update
/// (etag)/trash of spaces; plus /_emulator/genie/{messages,spaces} to upsert data between runs.
/// </summary>
internal static class GenieRoutes
{
    private const string Base = "/api/2.0/genie";
    private const int DefaultPageSize = 20;
    private const int MaxPageSize = 100;

    public static void Map(WebApplication app, EmulatorState state)
    {
        var store = state.Genie;

        app.MapGet(Base + "/spaces/{spaceId}/conversations/{conversationId}/messages/{messageId}", async (HttpContext context, string spaceId, string conversationId, string messageId) =>
        {
            var message = store.GetMessage(spaceId, conversationId, messageId);
            if (message is null)
            {
                await DatabricksErrors.NotFound(context, $"Message {messageId} in conversation {conversationId}").ConfigureAwait(false);
                return;
            }

            await WriteJson(context, store, message).ConfigureAwait(false);
        });

        app.MapGet(Base + "/spaces/{spaceId}/conversations/{conversationId}/messages", async (HttpContext context, string spaceId, string conversationId) =>
        {
            if (!store.ConversationExists(spaceId, conversationId))
            {
                await DatabricksErrors.NotFound(context, $"Conversation {conversationId}").ConfigureAwait(false);
                return;
            }

            await WritePage(context, store, "messages", store.ListMessages(spaceId, conversationId)).ConfigureAwait(false);
        });

        app.MapGet(Base + "/spaces/{spaceId}/conversations", async (HttpContext context, string spaceId) =>
        {
            if (store.GetSpace(spaceId, false) is null)
            {
                await DatabricksErrors.NotFound(context, $"Space {spaceId}").ConfigureAwait(false);
                return;
            }

            var includeAll = string.Equals(context.Request.Query["include_all"], "true", StringComparison.OrdinalIgnoreCase);
            await WritePage(context, store, "conversations", store.ListConversations(spaceId, includeAll)).ConfigureAwait(false);
        });

        app.MapGet(Base + "/spaces/{spaceId}", async (HttpContext context, string spaceId) =>
        {
            var include = string.Equals(context.Request.Query["include_serialized_space"], "true", StringComparison.OrdinalIgnoreCase);
            var space = store.GetSpace(spaceId, include);
            if (space is null)
            {
                await DatabricksErrors.NotFound(context, $"Space {spaceId}").ConfigureAwait(false);
                return;
            }

            await WriteJson(context, store, space).ConfigureAwait(false);
        });

        app.MapGet(Base + "/spaces", async (HttpContext context) =>
        {
            await WritePage(context, store, "spaces", store.ListSpaces()).ConfigureAwait(false);
        });

        app.MapPost(Base + "/spaces", async (HttpContext context) =>
        {
            using var body = await ReadObject(context).ConfigureAwait(false);
            if (body is null)
            {
                return;
            }

            var root = body.RootElement;
            var warehouseId = String(root, "warehouse_id");
            var serialized = String(root, "serialized_space");
            if (string.IsNullOrWhiteSpace(warehouseId) || string.IsNullOrWhiteSpace(serialized))
            {
                await DatabricksErrors.WriteAsync(context, 400, "INVALID_PARAMETER_VALUE", "warehouse_id and serialized_space are required.").ConfigureAwait(false);
                return;
            }

            if (SerializedSpaceProblem(serialized) is { } problem)
            {
                await DatabricksErrors.WriteAsync(context, 400, "INVALID_PARAMETER_VALUE", problem).ConfigureAwait(false);
                return;
            }

            if (await MissingFolderAsync(context, state, String(root, "parent_path")).ConfigureAwait(false))
            {
                return;
            }

            var created = store.CreateSpace(warehouseId, serialized, String(root, "title"), String(root, "description"), String(root, "parent_path"));
            await WriteJson(context, store, created).ConfigureAwait(false);
        });

        app.MapMethods(Base + "/spaces/{spaceId}", ["PATCH"], async (HttpContext context, string spaceId) =>
        {
            using var body = await ReadObject(context).ConfigureAwait(false);
            if (body is null)
            {
                return;
            }

            if (String(body.RootElement, "serialized_space") is { Length: > 0 } serialized && SerializedSpaceProblem(serialized) is { } problem)
            {
                await DatabricksErrors.WriteAsync(context, 400, "INVALID_PARAMETER_VALUE", problem).ConfigureAwait(false);
                return;
            }

            if (await MissingFolderAsync(context, state, String(body.RootElement, "parent_path")).ConfigureAwait(false))
            {
                return;
            }

            var (space, etagMismatch) = store.UpdateSpace(spaceId, body.RootElement);
            if (etagMismatch)
            {
                await DatabricksErrors.WriteAsync(context, 409, "ABORTED", $"Space {spaceId} was changed since the given etag was read.").ConfigureAwait(false);
                return;
            }

            if (space is null)
            {
                await DatabricksErrors.NotFound(context, $"Space {spaceId}").ConfigureAwait(false);
                return;
            }

            await WriteJson(context, store, space).ConfigureAwait(false);
        });

        app.MapDelete(Base + "/spaces/{spaceId}", async (HttpContext context, string spaceId) =>
        {
            if (!store.TrashSpace(spaceId))
            {
                await DatabricksErrors.NotFound(context, $"Space {spaceId}").ConfigureAwait(false);
                return;
            }

            await WriteJson(context, store, []).ConfigureAwait(false);
        });

        app.MapPost("/_emulator/genie/messages", (HttpContext context) => Upsert(context, element => store.UpsertMessage(element)));
        app.MapPost("/_emulator/genie/spaces", (HttpContext context) => Upsert(context, element => store.UpsertSpace(element)));
        app.MapPost("/_emulator/genie/conversations", (HttpContext context) => Upsert(context, element =>
        {
            store.UpsertConversation(element);
            return [];
        }));
    }

    internal static async Task Upsert(HttpContext context, Func<JsonElement, JsonObject> upsert)
    {
        using var document = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted).ConfigureAwait(false);
        var results = new JsonArray();
        var items = document.RootElement.ValueKind == JsonValueKind.Array ? document.RootElement.EnumerateArray().ToArray() : [document.RootElement];
        foreach (var item in items)
        {
            results.Add(upsert(item));
        }

        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(results.ToJsonString(), context.RequestAborted).ConfigureAwait(false);
    }

    internal static async Task WritePage(HttpContext context, GenieStore store, string itemsName, IReadOnlyList<JsonObject> all)
    {
        var query = context.Request.Query;
        var pageSize = DefaultPageSize;
        if (query.TryGetValue("page_size", out var sizeText) && int.TryParse(sizeText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var requested) && requested > 0)
        {
            pageSize = Math.Min(requested, MaxPageSize);
        }

        var offset = 0;
        if (query.TryGetValue("page_token", out var tokenText) && !string.IsNullOrEmpty(tokenText))
        {
            if (!PageTokens.TryDecode(tokenText!, out offset) || offset > all.Count)
            {
                await DatabricksErrors.WriteAsync(context, 400, "INVALID_PARAMETER_VALUE", "The page_token is not valid.").ConfigureAwait(false);
                return;
            }
        }

        var page = new JsonArray();
        foreach (var item in all.Skip(offset).Take(pageSize))
        {
            page.Add(item);
        }

        var response = new JsonObject { [itemsName] = page };
        if (offset + pageSize < all.Count)
        {
            response["next_page_token"] = PageTokens.Encode(offset + pageSize);
        }

        await WriteJson(context, store, response).ConfigureAwait(false);
    }

    internal static async Task WriteJson(HttpContext context, GenieStore store, JsonObject json)
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        context.Response.Headers["x-databricks-org-id"] = store.WorkspaceId;
        context.Response.Headers["x-request-id"] = Guid.NewGuid().ToString();
        await context.Response.WriteAsync(json.ToJsonString(), context.RequestAborted).ConfigureAwait(false);
    }

    internal static async Task<JsonDocument?> ReadObject(HttpContext context)
    {
        try
        {
            var document = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted).ConfigureAwait(false);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                return document;
            }

            document.Dispose();
        }
        catch (JsonException)
        {
        }

        await DatabricksErrors.WriteAsync(context, 400, "MALFORMED_REQUEST", "The request body is not a JSON object.").ConfigureAwait(false);
        return null;
    }

    internal static string? String(JsonElement json, string name) =>
        json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>A parent_path that is not a workspace folder is refused with 404 RESOURCE_DOES_NOT_EXIST (contract 2026 §5); true when answered.</summary>
    private static async Task<bool> MissingFolderAsync(HttpContext context, EmulatorState state, string? parentPath)
    {
        if (string.IsNullOrEmpty(parentPath))
        {
            return false;
        }

        WorkspaceObject? folder;
        try
        {
            folder = state.Workspace.Find(parentPath);
        }
        catch (DatabricksApiException error)
        {
            await error.WriteAsync(context).ConfigureAwait(false);
            return true;
        }

        if (folder is { IsDirectory: true })
        {
            return false;
        }

        await DatabricksErrors.WriteAsync(context, 404, "RESOURCE_DOES_NOT_EXIST", $"Tree node with path '{parentPath}' does not exist.").ConfigureAwait(false);
        return true;
    }

    /// <summary>Why the service would reject this serialized_space (not a JSON object, or an unknown top-level key); null when it is accepted.</summary>
    private static string? SerializedSpaceProblem(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return "serialized_space is not a valid JSON object.";
            }

            var unknown = document.RootElement.EnumerateObject().Select(p => p.Name).Where(name => !GenieStore.SerializedSpaceKeys.Contains(name)).ToList();
            return unknown.Count == 0 ? null : $"serialized_space has unknown field(s): {string.Join(", ", unknown)}.";
        }
        catch (JsonException)
        {
            return "serialized_space is not a valid JSON object.";
        }
    }
}
